package org.rapport.streams.query;

import java.util.List;
import java.util.Map;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.indicators.alliance.AllianceAggregates;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.cohorts.CohortAggregates;
import org.rapport.streams.indicators.weekly.WeeklyAggregates;
import org.rapport.streams.query.suppression.ResearchTables;

/**
 * The de-identified, suppressed research rows (SPEC §7), built from the aggregates themselves so that a mean
 * is also hidden when the number of surveys or episodes behind it is small, although that number is not shown.
 * The aggregate rows hold no client or counselor id and no date finer than the week.
 */
public final class ResearchRows {

    private final Suppression suppression;
    private final ResearchTables tables;

    public ResearchRows(Suppression suppression) {
        this(suppression, new ResearchTables(suppression, AllianceOutcomeTopology.ALL_PROGRAMS, List.of()));
    }

    public ResearchRows(Suppression suppression, ResearchTables tables) {
        this.suppression = suppression;
        this.tables = tables;
    }

    public ResearchTables tables() {
        return tables;
    }

    /** null when the aggregate is empty. */
    public Map<String, Object> weekly(WeeklyAggregate a) {
        var out = WeeklyAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        var row = suppression.row(Rows.of(out));
        return row.count("sessions_held").count("attended").count("missed").count("active_clients")
                .count("admissions").countsIn("discharges").count("dropouts").count("returns_to_use")
                .count("craving_spikes")
                .derived("attendance_rate", a.getAttended(), a.getMissed())
                .derived("care_mean", a.getCareN())
                .derived("wai_mean", a.getWaiN())
                .derived("scs_mean", a.getScsN())
                .derived("phq9_mean", a.getPhq9N())
                .done();
    }

    /** A training-effects row, suppressed ({@link TrainingEffectRows#research}). */
    public Map<String, Object> training(TrainingEffect e) {
        return TrainingEffectRows.research(e, suppression);
    }

    /** A cohort row, suppressed with its nested counts (ResearchTables#cohort). */
    public Map<String, Object> cohort(CohortAggregate a) {
        var out = CohortAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        long discharged = a.getLosCounts().values().stream().mapToLong(Integer::longValue).sum();
        return tables.cohort(Rows.of(out), discharged);
    }

    /** One alliance row suppressed on its own (its nested counts only: the ALL margin needs the whole table). */
    public Map<String, Object> alliance(AllianceAggregate a) {
        Map<String, Object> raw = allianceRaw(a);
        return raw == null ? null : tables.alliance(List.of(raw)).get(0);
    }

    /** An alliance row unsuppressed, with the weight of its mean ({@link ResearchTables#RATE_N}), for a whole table. */
    public static Map<String, Object> allianceRaw(AllianceAggregate a) {
        var out = AllianceAggregates.toOutput(a);
        if (out == null) {
            return null;
        }
        Map<String, Object> raw = Rows.of(out);
        raw.put(ResearchTables.RATE_N, a.getRateN());
        return raw;
    }
}
