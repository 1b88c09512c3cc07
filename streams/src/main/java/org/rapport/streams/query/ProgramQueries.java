package org.rapport.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.Alert;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.RiskState;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.CounselorAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.indicators.cohorts.CohortAggregates;
import org.rapport.streams.indicators.cohorts.CohortTopology;
import org.rapport.streams.indicators.counselor.CounselorAggregates;
import org.rapport.streams.indicators.counselor.CounselorAllianceTopology;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;
import org.rapport.streams.indicators.weekly.WeeklyAggregates;

/**
 * The local parts of the director endpoints of SPEC §6 (client level included), and how their rows from
 * every instance are merged and ordered.
 */
public final class ProgramQueries {

    private final LocalStores stores;

    public ProgramQueries(LocalStores stores) {
        this.stores = stores;
    }

    /** Per program: clients known, open episodes, clients at risk and dropped out (this instance's share). */
    public List<Map<String, Object>> programs(Map<String, String> params) {
        ProgramSet programs = ProgramSet.parse(params.get("programs"));
        Map<String, long[]> counts = new TreeMap<>();
        stores.<ClientStatus>all(ClientStores.STATUS, (id, s) -> {
            if (programs.contains(s.getProgramId())) {
                long[] c = counts.computeIfAbsent(s.getProgramId(), p -> new long[4]);
                c[0]++;
                c[1] += s.getEpisodeOpen() ? 1 : 0;
                c[2] += s.getRisk() == RiskState.AT_RISK ? 1 : 0;
                c[3] += s.getRisk() == RiskState.DROPPED_OUT ? 1 : 0;
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((program, c) -> rows.add(programRow(program, c[0], c[1], c[2], c[3])));
        return rows;
    }

    /** Sums the instances' shares per program. */
    public static List<Map<String, Object>> mergePrograms(List<Map<String, Object>> shares) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Map<String, Object> share : shares) {
            long[] c = sums.computeIfAbsent(Rows.text(share, "program_id"), p -> new long[4]);
            c[0] += number(share, "clients");
            c[1] += number(share, "open_episodes");
            c[2] += number(share, "at_risk");
            c[3] += number(share, "dropped_out");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        sums.forEach((program, c) -> rows.add(programRow(program, c[0], c[1], c[2], c[3])));
        return rows;
    }

    private static Map<String, Object> programRow(String program, long clients, long open, long atRisk, long dropped) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("program_id", program);
        row.put("clients", clients);
        row.put("open_episodes", open);
        row.put("at_risk", atRisk);
        row.put("dropped_out", dropped);
        return row;
    }

    /** Weeks of one program whose Monday lies in [from, to] (params are the keys' date parts). */
    public List<Map<String, Object>> weekly(Map<String, String> params) {
        String program = params.get("program");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<WeeklyAggregate>range(ProgramWeeklyTopology.STORE, program + "|" + params.getOrDefault("from", ""),
                program + "|" + params.getOrDefault("to", LocalStores.HIGHEST), (key, agg) -> {
                    var out = WeeklyAggregates.toOutput(agg);
                    if (out != null && out.getProgramId().equals(program)) {
                        rows.add(Rows.of(out));
                    }
                });
        return rows;
    }

    public List<Map<String, Object>> cohorts(Map<String, String> params) {
        String program = params.get("program");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<CohortAggregate>prefix(CohortTopology.STORE, program + "|", (key, agg) -> {
            var out = CohortAggregates.toOutput(agg);
            if (out != null && out.getProgramId().equals(program)) {
                rows.add(Rows.of(out));
            }
        });
        return rows;
    }

    /** Effective alerts of one program (retracted ones are not in the store), optionally of a kind and since. */
    public List<Map<String, Object>> alerts(Map<String, String> params) {
        String program = params.get("program");
        String kind = params.get("kind");
        Instant since = params.containsKey("since") ? Instant.parse(params.get("since")) : Instant.MIN;
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<Alert>all(ClientStores.ALERTS, (id, alert) -> {
            if (alert.getProgramId().equals(program) && (kind == null || alert.getKind().name().equals(kind))
                    && !alert.getAt().isBefore(since)) {
                rows.add(Rows.of(alert));
            }
        });
        return rows;
    }

    /** Newest first; alerts at the same instant by id, so every instance orders them alike. */
    public static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> r) -> Instant.parse(Rows.text(r, "at"))).reversed()
            .thenComparing(r -> Rows.text(r, "alert_id"));

    public List<Map<String, Object>> clients(Map<String, String> params) {
        String program = params.get("program");
        String risk = params.get("risk");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<ClientStatus>all(ClientStores.STATUS, (id, s) -> {
            if (s.getProgramId().equals(program) && (risk == null || s.getRisk().name().equals(risk))) {
                rows.add(Rows.of(s));
            }
        });
        return rows;
    }

    /** Counselors who worked in any of the programs (their rows cover all their clients in the window). */
    public List<Map<String, Object>> counselors(Map<String, String> params) {
        ProgramSet programs = ProgramSet.parse(params.get("programs"));
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<CounselorAggregate>all(CounselorAllianceTopology.STORE, (id, agg) -> {
            var out = CounselorAggregates.toOutput(agg);
            if (out != null && out.getProgramIds().stream().anyMatch(p -> programs.contains(p.toString()))) {
                rows.add(Rows.of(out));
            }
        });
        return rows;
    }

    static long number(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
