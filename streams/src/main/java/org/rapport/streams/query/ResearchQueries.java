package org.rapport.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.cohorts.CohortTopology;
import org.rapport.streams.indicators.training.TrainingStores;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;

/**
 * The local parts of a research release (SPEC §7): this instance's share of every research table. Weekly and cohort
 * rows come suppressed already (their rules look at one row); alliance rows come raw, because their suppression is
 * decided over the whole table ({@link org.rapport.streams.query.suppression.ResearchTables#alliance}). Only another
 * instance building a release may ask for them ({@link InternalCredential}).
 */
public final class ResearchQueries {

    private final LocalStores stores;
    private final ResearchRows research;

    public ResearchQueries(LocalStores stores, ResearchRows research) {
        this.stores = stores;
        this.research = research;
    }

    public List<Map<String, Object>> weekly(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<WeeklyAggregate>all(ProgramWeeklyTopology.STORE, adding(rows, research::weekly));
        return rows;
    }

    public List<Map<String, Object>> cohorts(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<CohortAggregate>all(CohortTopology.STORE, adding(rows, research::cohort));
        return rows;
    }

    /** Raw alliance rows, of the programs and over all programs. */
    public List<Map<String, Object>> allianceRaw(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<AllianceAggregate>all(AllianceOutcomeTopology.STORE, adding(rows, ResearchRows::allianceRaw));
        stores.<AllianceAggregate>all(AllianceOutcomeTopology.STORE_ALL, adding(rows, ResearchRows::allianceRaw));
        return rows;
    }

    /** Training-effects rows, suppressed (one row per training: its rules look at that row only). */
    public List<Map<String, Object>> trainings(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<TrainingEffect>all(TrainingStores.EFFECTS, adding(rows, research::training));
        return rows;
    }

    private static <A> BiConsumer<String, A> adding(List<Map<String, Object>> rows,
                                                    java.util.function.Function<A, Map<String, Object>> row) {
        return (key, aggregate) -> {
            Map<String, Object> r = row.apply(aggregate);
            if (r != null) {
                rows.add(r);
            }
        };
    }
}
