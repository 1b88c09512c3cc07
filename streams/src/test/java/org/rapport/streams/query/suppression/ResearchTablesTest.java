package org.rapport.streams.query.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapport.streams.query.Suppression;

/** The research tables suppressed as wholes: the alliance table with its ALL margin, a cohort row's nested counts. */
class ResearchTablesTest {

    private final ResearchTables tables = new ResearchTables(new Suppression(11), "ALL", List.of());

    @Test
    void theIssuesAttackThroughTheAllianceTable() {
        // ALL|CARE|HIGH: 49 episodes = a 19 + b 13 + c 14 + d 3 (a clinic's three admissions in a new program).
        // Dropouts 5 + 2 + 3 + 1 = 11; returns to use 0; attendance rates for every episode.
        List<Map<String, Object>> raw = List.of(row("ALL", 49, 11), row("a", 19, 5), row("b", 13, 2), row("c", 14, 3),
                row("d", 3, 1));

        Map<String, Map<String, Object>> byProgram = byProgram(tables.alliance(raw));

        assertThat(byProgram.get("d")).containsEntry("episodes", null).containsEntry("suppressed", true);
        assertThat(byProgram.get("ALL")).containsEntry("episodes", 49);
        assertThat(byProgram.get("a")).containsEntry("episodes", 19).containsEntry("suppressed", true)
                .containsEntry("dropouts", null);
        // What a researcher can do: the ALL row minus the programs shown leaves several hidden programs together.
        long shown = byProgram.values().stream().filter(r -> !"ALL".equals(r.get("program_id")))
                .mapToLong(r -> r.get("episodes") instanceof Number n ? n.longValue() : 0).sum();
        long hiddenPrograms = byProgram.values().stream().filter(r -> r.get("episodes") == null).count();
        assertThat(hiddenPrograms).as("d hidden with at least two others").isGreaterThanOrEqualTo(3);
        assertThat(49 - shown).as("what the subtraction leaves: several programs together").isGreaterThanOrEqualTo(11);
        for (Map<String, Object> r : byProgram.values()) {
            if (r.get("episodes") == null) {
                assertThat(r).containsEntry("dropout_rate", null).containsEntry("return_to_use_rate", null)
                        .containsEntry("mean_attendance_rate", null);
            }
        }
        assertNoOneRecoversAnything(tables.alliancePattern(raw), "a", "b", "c", "d");
    }

    @Test
    void everyMeasureOfTheAllianceTableIsProtectedTogether() {
        // Two bands, three programs: dropouts and returns to use have margins of their own, and are parts of the
        // episodes of their row.
        List<Map<String, Object>> raw = new ArrayList<>();
        raw.add(alliance("ALL", "LOW", 40, 14, 12, 40));
        raw.add(alliance("p", "LOW", 12, 12, 1, 12));
        raw.add(alliance("q", "LOW", 15, 2, 11, 15));
        raw.add(alliance("r", "LOW", 13, 0, 0, 9));
        raw.add(alliance("ALL", "HIGH", 33, 0, 11, 33));
        raw.add(alliance("p", "HIGH", 11, 0, 0, 11));
        raw.add(alliance("q", "HIGH", 22, 0, 11, 22));

        List<Map<String, Object>> rows = tables.alliance(raw);

        assertThat(rows).hasSize(7).allSatisfy(r -> assertThat(r).containsKeys("suppressed", "suppressed_fields"));
        assertNoOneRecoversAnything(tables.alliancePattern(raw), "p", "q", "r");
    }

    @Test
    void aMarginWithOneProgramHoldsOnlyThatProgramsData() {
        // Only prog-1 has CARE ratings: its LOW band (1 episode, 0 dropouts) is the whole ALL|CARE|LOW row. Its
        // clinic may know the ALL row, which is its own data: the zeros stay shown, only the small counts go.
        List<Map<String, Object>> raw = List.of(alliance("ALL", "LOW", 1, 0, 0, 1), alliance("prog-1", "LOW", 1, 0, 0, 1),
                alliance("ALL", "HIGH", 11, 0, 0, 11), alliance("prog-1", "HIGH", 11, 0, 0, 11));

        List<Map<String, Object>> rows = tables.alliance(raw);

        for (Map<String, Object> low : rows.subList(0, 2)) {
            assertThat(low).containsEntry("episodes", null).containsEntry("dropouts", 0)
                    .containsEntry("returns_to_use", 0).containsEntry("suppressed_fields",
                            List.of("episodes", "dropout_rate", "return_to_use_rate", "mean_attendance_rate"));
        }
        assertThat(rows.subList(2, 4)).allSatisfy(high -> assertThat(high).containsEntry("episodes", 11)
                .containsEntry("suppressed", false));
        assertNoOneRecoversAnything(tables.alliancePattern(raw), "prog-1");
    }

    @Test
    void aCohortRowHidesCountsWhoseDifferencesAreSmall() {
        // Admitted 15, initiated 12 (3 not initiated), engaged 9 (primary), eligible at 30 days 15 and retained 11
        // (4 not retained), at 60 days 15 and 10 (primary), at 90 days 0; completed 3 (primary), no dropouts;
        // three discharged episodes behind the median stay.
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("program_id", "prog-1");
        raw.put("month", "2026-01");
        Object[] counts = {"admitted", 15, "initiated", 12, "engaged", 9, "retained_30", 11, "eligible_30", 15,
            "retained_60", 10, "eligible_60", 15, "retained_90", 0, "eligible_90", 0, "completed", 3, "dropped_out", 0};
        for (int i = 0; i < counts.length; i += 2) {
            raw.put((String) counts[i], counts[i + 1]);
        }
        raw.put("median_los_days", 30.0);

        Map<String, Object> row = tables.cohort(raw, 3);

        // initiated goes (15 − 12 = 3), retained_30 goes (15 − 11 = 4); then retained_30 − retained_60 and the
        // others have no second shown side left. Admitted stays: hiding parts comes before totals.
        assertThat(row).containsEntry("admitted", 15).containsEntry("initiated", null).containsEntry("engaged", null)
                .containsEntry("eligible_30", 15).containsEntry("retained_30", null).containsEntry("eligible_60", 15)
                .containsEntry("retained_60", null).containsEntry("eligible_90", 0).containsEntry("retained_90", 0)
                .containsEntry("completed", null).containsEntry("dropped_out", 0).containsEntry("median_los_days", null);
        assertThat(row.get("suppressed_fields")).isEqualTo(List.of("initiated", "engaged", "retained_30",
                "retained_60", "completed", "median_los_days"));
        assertNoOneRecoversAnything(tables.cohortPattern(raw, 3));
    }

    private static void assertNoOneRecoversAnything(SuppressionPattern pattern, String... programs) {
        Set<String> hidden = pattern.hidden();
        assertThat(new Attacker(pattern, hidden, Set.of()).recovered()).as("a researcher recovers").isEmpty();
        for (String program : programs) {
            assertThat(new Attacker(pattern, hidden, Set.of(program)).recovered())
                    .as("the clinic of " + program + " recovers").isEmpty();
        }
    }

    private static Map<String, Object> row(String program, int episodes, int dropouts) {
        return alliance(program, "HIGH", episodes, dropouts, 0, episodes);
    }

    private static Map<String, Object> alliance(String program, String band, int episodes, int dropouts, int returns,
                                                int rateN) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("program_id", program);
        row.put("instrument", "CARE");
        row.put("band", band);
        row.put("episodes", episodes);
        row.put("dropouts", dropouts);
        row.put("dropout_rate", (double) dropouts / episodes);
        row.put("returns_to_use", returns);
        row.put("return_to_use_rate", (double) returns / episodes);
        row.put("mean_attendance_rate", 0.75);
        row.put(ResearchTables.RATE_N, rateN);
        return row;
    }

    private static Map<String, Map<String, Object>> byProgram(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put((String) r.get("program_id"), r));
        return out;
    }
}
