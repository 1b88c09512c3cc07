package org.rapport.streams.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.cohorts.CohortTopology;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;

/** The local parts of the research endpoints: de-identified, small-cell suppressed aggregate rows (SPEC §7). */
public final class ResearchQueries {

    private final LocalStores stores;
    private final ResearchRows research;

    public ResearchQueries(LocalStores stores, ResearchRows research) {
        this.stores = stores;
        this.research = research;
    }

    public List<Map<String, Object>> weekly(Map<String, String> params) {
        String from = params.getOrDefault("from", "");
        String to = params.getOrDefault("to", LocalStores.HIGHEST);
        List<Map<String, Object>> rows = new ArrayList<>();
        BiConsumer<String, WeeklyAggregate> add = (key, agg) -> {
            String week = key.substring(key.lastIndexOf('|') + 1);
            Map<String, Object> row = week.compareTo(from) >= 0 && week.compareTo(to) <= 0 ? research.weekly(agg) : null;
            if (row != null) {
                rows.add(row);
            }
        };
        ProgramSet programs = ProgramSet.parse(params.get("programs"));
        if (programs.all()) {
            stores.all(ProgramWeeklyTopology.STORE, add);
        } else {
            for (String program : programs.ids()) {
                stores.range(ProgramWeeklyTopology.STORE, program + "|" + from, program + "|" + to, add);
            }
        }
        return rows;
    }

    public List<Map<String, Object>> cohorts(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        BiConsumer<String, CohortAggregate> add = (key, agg) -> {
            Map<String, Object> row = research.cohort(agg);
            if (row != null) {
                rows.add(row);
            }
        };
        ProgramSet programs = ProgramSet.parse(params.get("programs"));
        if (programs.all()) {
            stores.all(CohortTopology.STORE, add);
        } else {
            for (String program : programs.ids()) {
                stores.prefix(CohortTopology.STORE, program + "|", add);
            }
        }
        return rows;
    }

    /** The alliance–outcome rows of the given keys ({@code program|instrument|band}, or {@code ALL|…}). */
    public List<Map<String, Object>> alliance(Map<String, String> params) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : Arrays.asList(params.getOrDefault("keys", "").split(","))) {
            if (key.isBlank()) {
                continue;
            }
            AllianceAggregate agg = stores.get(storeOf(key), key);
            Map<String, Object> row = agg == null ? null : research.alliance(agg);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Which store holds an alliance key: the per-program one, or the over-all-programs one for {@code ALL|…}. */
    public static String storeOf(String key) {
        return key.startsWith(AllianceOutcomeTopology.ALL_PROGRAMS + "|") ? AllianceOutcomeTopology.STORE_ALL
                : AllianceOutcomeTopology.STORE;
    }
}
