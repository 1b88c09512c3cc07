package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Curriculum;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.internal.TrainingSums;
import org.rapport.streams.indicators.training.EffectStatistics;

/** SPEC §7 on training effects: k = 11 on every n and what is built on it, the 3-counselor rule, weeks not dates. */
class TrainingEffectRowsTest {

    private final Suppression eleven = new Suppression(11);

    /**
     * Trained: 12 CARE ratings of 40 before and 12 of 45 after; attendance 19 of 20 before (1 missed: a small count)
     * and 33 of 44 after; 11 episodes before (0 dropped out) and 12 after (3 dropped out). Comparison: 11 CARE ratings of
     * 40 before and 10 of 42 after; 33 attended of 44 sessions before and after; no episodes.
     */
    private static TrainingEffect effect(int counselors) {
        TrainingSums before = TrainingSums.newBuilder().setCareN(12).setCareSum(12 * 40 * 1_000_000_000L)
                .setCareSq(12 * 1600 * 1_000_000_000L).setAttended(19).setMissed(1).setEpisodes(11).build();
        TrainingSums after = TrainingSums.newBuilder().setCareN(12).setCareSum(12 * 45 * 1_000_000_000L)
                .setCareSq(12 * 2025 * 1_000_000_000L).setAttended(33).setMissed(11).setEpisodes(12).setDropouts(3).build();
        TrainingSums comparisonBefore = TrainingSums.newBuilder().setCareN(11).setCareSum(11 * 40 * 1_000_000_000L)
                .setCareSq(11 * 1600 * 1_000_000_000L).setAttended(33).setMissed(11).build();
        TrainingSums comparisonAfter = TrainingSums.newBuilder().setCareN(10).setCareSum(10 * 42 * 1_000_000_000L)
                .setCareSq(10 * 1764 * 1_000_000_000L).setAttended(33).setMissed(11).build();
        TrainingEffect.Builder b = TrainingEffect.newBuilder().setTrainingId("emp-1").setCurriculum(Curriculum.EMPATHY)
                .setProgramIds(List.of("prog-1", "prog-2")).setCounselors(counselors).setComparisonCounselors(4)
                .setFirstCompleted(LocalDate.parse("2026-03-01")).setLastCompleted(LocalDate.parse("2026-03-11"))
                .setComplete(true);
        EffectStatistics.fill(b, before, after, comparisonBefore, comparisonAfter);
        return b.build();
    }

    @Test
    void countsOfElevenShowTenHideAndSoDoesEverythingBuiltOnThem() {
        Map<String, Object> row = TrainingEffectRows.research(effect(3), eleven);

        // CARE: 12 / 12 shown, change 5; the comparison's 10 after hides its change and the DiD
        assertThat(row).containsEntry("care_before_n", 12).containsEntry("care_before", 40.0)
                .containsEntry("care_after", 45.0).containsEntry("care_change", 5.0)
                .containsEntry("care_comparison_before_n", 11).containsEntry("care_comparison_before", 40.0)
                .containsEntry("care_comparison_after_n", null).containsEntry("care_comparison_after", null)
                .containsEntry("care_comparison_change", null).containsEntry("care_did", null);
        // every rating is the same score: variance 0, so the interval is the change itself
        assertThat(row).containsEntry("care_ci_low", 5.0).containsEntry("care_ci_high", 5.0);
        // attendance before: 19 attended, 1 missed (small): the rate, change and interval hide; n = 20 shows
        assertThat(row).containsEntry("attendance_before_n", 20).containsEntry("attendance_before", null)
                .containsEntry("attendance_after", 0.75).containsEntry("attendance_change", null)
                .containsEntry("attendance_ci_low", null).containsEntry("attendance_did", null)
                .containsEntry("attendance_comparison_change", 0.0);
        // dropout after: 3 of 12 (small numerator) hides the after rate; before 0 of 11 shows (0 identifies no one)
        assertThat(row).containsEntry("dropout_before", 0.0).containsEntry("dropout_after", null)
                .containsEntry("dropout_comparison_before_n", 0).containsEntry("dropout_comparison_change", null);
        assertThat(row).containsEntry("suppressed", true).containsEntry("counselors", 3);
        assertThat(row.get("suppressed_fields")).asList().contains("care_comparison_after_n", "attendance_before",
                "dropout_after").doesNotContain("care_before", "counselors");
    }

    @Test
    void fewerThanThreeTrainedCounselorsShowNoMetricAtAll() {
        Map<String, Object> row = TrainingEffectRows.research(effect(2), eleven);

        for (String m : TrainingEffectRows.METRICS) {
            for (String field : List.of("_before_n", "_before", "_after_n", "_after", "_change", "_ci_low", "_ci_high",
                    "_comparison_before_n", "_comparison_before", "_comparison_after_n", "_comparison_after",
                    "_comparison_change", "_did")) {
                assertThat(row).as(m + field).containsEntry(m + field, null);
            }
        }
        assertThat(row).containsEntry("counselors", 2).containsEntry("training_id", "emp-1")
                .containsEntry("suppressed", true);
    }

    @Test
    void researchRowsHoldWeeksNotDatesAndSayWhatKindOfEstimateTheyAre() {
        Map<String, Object> row = TrainingEffectRows.research(effect(3), eleven);

        assertThat(row).containsEntry("first_completed", "2026-02-23")   // Sunday 03-01 → Monday 02-23
                .containsEntry("last_completed", "2026-03-09");             // Wednesday 03-11 → Monday 03-09
        assertThat((String) row.get("caveat")).contains("Observational").contains("parallel trends");
        assertThat(row).doesNotContainKey("counselor_id");
    }

    @Test
    void directorsRowsAreWholeWithTheCaveat() {
        Map<String, Object> row = TrainingEffectRows.full(effect(2));

        assertThat(row).containsEntry("care_comparison_after_n", 10).containsEntry("attendance_before", 0.95)
                .containsEntry("first_completed", "2026-03-01").doesNotContainKey("suppressed");
        assertThat((String) row.get("caveat")).contains("parallel trends");
    }

    @Test
    void rowsMatchTheirCurriculumAndTheProgramsOfTheirCounselors() {
        Map<String, Object> row = TrainingEffectRows.full(effect(3));

        assertThat(TrainingEffectRows.matches(row, null, ProgramSet.of(java.util.Set.of("prog-2")))).isTrue();
        assertThat(TrainingEffectRows.matches(row, Curriculum.EMPATHY, ProgramSet.every())).isTrue();
        assertThat(TrainingEffectRows.matches(row, Curriculum.OTHER, ProgramSet.every())).isFalse();
        assertThat(TrainingEffectRows.matches(row, null, ProgramSet.of(java.util.Set.of("prog-3")))).isFalse();
        Map<String, Object> nowhere = TrainingEffectRows.full(TrainingEffect.newBuilder(effect(3)).setProgramIds(List.of())
                .build());
        assertThat(TrainingEffectRows.matches(nowhere, null, ProgramSet.every())).isTrue();
        assertThat(TrainingEffectRows.matches(nowhere, null, ProgramSet.of(java.util.Set.of("prog-1")))).isFalse();
    }
}
