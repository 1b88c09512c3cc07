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
import org.rapport.avro.Engagement;
import org.rapport.avro.RiskState;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.CounselorAggregate;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.indicators.alliance.AllianceAggregates;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
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
    private final AlertsInEffect inEffect;

    public ProgramQueries(LocalStores stores, AlertsInEffect inEffect) {
        this.stores = stores;
        this.inEffect = inEffect;
    }

    /** Per program: clients known, open episodes, clients at risk and dropped out (this instance's share). */
    public List<Map<String, Object>> programs(Map<String, String> params) {
        ProgramSet programs = ProgramSet.parse(params.get("programs"));
        Map<String, long[]> counts = new TreeMap<>();
        stores.<ClientStatus>all(ClientStores.STATUS, (id, s) -> {
            if (programs.contains(s.getProgramId())) {
                long[] c = counts.computeIfAbsent(s.getProgramId(), p -> new long[COUNTS.size()]);
                c[0]++;
                c[1] += s.getEpisodeOpen() ? 1 : 0;
                c[2] += s.getRisk() == RiskState.AT_RISK ? 1 : 0;
                c[3] += s.getRisk() == RiskState.DROPPED_OUT ? 1 : 0;
                if (s.getEpisodeOpen()) {
                    c[COUNTS.indexOf(engagementField(s.getEngagement()))]++;
                }
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        counts.forEach((program, c) -> rows.add(programRow(program, c)));
        return rows;
    }

    /** Clients in an open episode by engagement band (SPEC §5.2), shown on request. */
    public static final List<String> ENGAGEMENT_COUNTS = List.of("engagement_high", "engagement_moderate",
            "engagement_low", "engagement_none");

    /**
     * The counts of a program row: clients known, open episodes, clients at risk and dropped out (SPEC §5.2's
     * {@code risk}), then the {@link #ENGAGEMENT_COUNTS}.
     */
    public static final List<String> COUNTS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("clients", "open_episodes", "at_risk", "dropped_out"),
            ENGAGEMENT_COUNTS.stream()).toList();

    private static String engagementField(Engagement engagement) {
        return "engagement_" + engagement.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Sums the instances' shares per program. */
    public static List<Map<String, Object>> mergePrograms(List<Map<String, Object>> shares) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Map<String, Object> share : shares) {
            long[] c = sums.computeIfAbsent(Rows.text(share, "program_id"), p -> new long[COUNTS.size()]);
            for (int i = 0; i < COUNTS.size(); i++) {
                c[i] += number(share, COUNTS.get(i));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        sums.forEach((program, c) -> rows.add(programRow(program, c)));
        return rows;
    }

    private static Map<String, Object> programRow(String program, long[] counts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("program_id", program);
        for (int i = 0; i < COUNTS.size(); i++) {
            row.put(COUNTS.get(i), counts[i]);
        }
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

    /**
     * Effective alerts of one program (retracted ones are not in the store), optionally of a kind and since; with
     * {@code in_effect=true} only those {@link AlertsInEffect in effect} at {@code now}. A client's alerts and status
     * live in the same partition, so each instance decides for its own clients.
     */
    public List<Map<String, Object>> alerts(Map<String, String> params) {
        String program = params.get("program");
        String kind = params.get("kind");
        Instant since = params.containsKey("since") ? Instant.parse(params.get("since")) : Instant.MIN;
        Map<String, List<Alert>> byClient = new LinkedHashMap<>();
        stores.<Alert>all(ClientStores.ALERTS, (id, alert) -> {
            if (alert.getProgramId().equals(program)) {
                byClient.computeIfAbsent(alert.getClientId(), c -> new ArrayList<>()).add(alert);
            }
        });
        if (params.containsKey("now")) {
            Map<String, ClientStatus> statuses = new java.util.HashMap<>();
            stores.<ClientStatus>all(ClientStores.STATUS, (id, s) -> {
                if (byClient.containsKey(s.getClientId())) {
                    statuses.put(s.getClientId(), s);
                }
            });
            Instant now = Instant.parse(params.get("now"));
            byClient.replaceAll((client, alerts) -> inEffect.of(alerts, statuses.get(client), now));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byClient.values().forEach(alerts -> alerts.forEach(alert -> {
            if ((kind == null || alert.getKind().name().equals(kind)) && !alert.getAt().isBefore(since)) {
                rows.add(Rows.of(alert));
            }
        }));
        return rows;
    }

    /** Newest first; alerts at the same instant by id, so every instance orders them alike. */
    public static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> r) -> Instant.parse(Rows.text(r, "at"))).reversed()
            .thenComparing(r -> Rows.text(r, "alert_id"));

    /** Client statuses of one program, optionally of one {@code risk}, {@code engagement} and {@code episode_open}. */
    public List<Map<String, Object>> clients(Map<String, String> params) {
        String program = params.get("program");
        String risk = params.get("risk");
        String engagement = params.get("engagement");
        String open = params.get("episode_open");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<ClientStatus>all(ClientStores.STATUS, (id, s) -> {
            if (s.getProgramId().equals(program) && (risk == null || s.getRisk().name().equals(risk))
                    && (engagement == null || s.getEngagement().name().equals(engagement))
                    && (open == null || String.valueOf(s.getEpisodeOpen()).equals(open))) {
                rows.add(Rows.of(s));
            }
        });
        return rows;
    }

    /**
     * The program's own alliance–outcome rows (SPEC §6: unsuppressed, for its director), of one instrument or all;
     * the rows live in the partition of their key, so every instance contributes those it holds.
     */
    public List<Map<String, Object>> alliance(Map<String, String> params) {
        String prefix = params.get("program") + "|" + (params.containsKey("instrument") ? params.get("instrument") + "|" : "");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<AllianceAggregate>prefix(AllianceOutcomeTopology.STORE, prefix, (key, agg) -> {
            var out = AllianceAggregates.toOutput(agg);
            if (out != null) {
                rows.add(Rows.of(out));
            }
        });
        return rows;
    }

    /**
     * The trainings whose counselors led sessions in the program, unsuppressed like the program's alliance rows (its
     * director sees client-level data already). The rows live on the one partition of the training stage.
     */
    public List<Map<String, Object>> trainings(Map<String, String> params) {
        String program = params.get("program");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<org.rapport.avro.TrainingEffect>all(org.rapport.streams.indicators.training.TrainingStores.EFFECTS,
                (id, e) -> {
                    if (e.getProgramIds().stream().anyMatch(p -> p.toString().equals(program))) {
                        rows.add(TrainingEffectRows.full(e));
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
