package org.rapport.streams.query;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.rapport.avro.Curriculum;
import org.rapport.avro.TrainingEffect;

/**
 * Training-effects rows (SPEC §5.8) as the API shows them. Every row says what kind of estimate it is
 * ({@value #CAVEAT_FIELD}). Directors read their programs' trainings whole; research rows (SPEC §7) are suppressed:
 * a training with fewer than {@value #MIN_COUNSELORS} trained counselors shows no metric at all (one counselor's
 * numbers are a staff appraisal), every n from 1 to the threshold − 1 is hidden with whatever is built on it (a
 * rate also when its numerator is small), and the completion dates become the Monday of their week.
 */
public final class TrainingEffectRows {

    public static final String CAVEAT_FIELD = "caveat";
    public static final String CAVEAT = "Observational estimate, not a randomized trial: the comparison group's change "
            + "stands for what would have happened without the training only if both groups would have followed "
            + "parallel trends.";

    /** SPEC §7: fewer trained counselors than this, and a research row shows no metric. */
    public static final int MIN_COUNSELORS = 3;

    static final List<String> METRICS = List.of("care", "wai", "attendance", "dropout");

    private TrainingEffectRows() {
    }

    /** A row for the director of one of its programs: unsuppressed, with the caveat. */
    public static Map<String, Object> full(TrainingEffect e) {
        Map<String, Object> row = Rows.of(e);
        row.put(CAVEAT_FIELD, CAVEAT);
        return row;
    }

    /** The research row: suppressed (see the class comment). */
    public static Map<String, Object> research(TrainingEffect e, Suppression suppression) {
        Map<String, Object> row = full(e);
        for (String date : List.of("first_completed", "last_completed")) {
            row.put(date, LocalDate.parse(Rows.text(row, date)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .toString());
        }
        Suppression.RowSuppression s = suppression.row(row);
        boolean fewCounselors = e.getCounselors() < MIN_COUNSELORS;
        for (String m : METRICS) {
            long[] before = basis(m, row, "_before");
            long[] after = basis(m, row, "_after");
            long[] comparisonBefore = basis(m, row, "_comparison_before");
            long[] comparisonAfter = basis(m, row, "_comparison_after");
            for (String count : List.of("_before_n", "_after_n", "_comparison_before_n", "_comparison_after_n")) {
                s.count(m + count).hide(m + count, fewCounselors);
            }
            long[] both = concat(before, after);
            long[] comparison = concat(comparisonBefore, comparisonAfter);
            s.derived(m + "_before", before).derived(m + "_after", after).derived(m + "_change", both)
                    .derived(m + "_ci_low", both).derived(m + "_ci_high", both)
                    .derived(m + "_comparison_before", comparisonBefore).derived(m + "_comparison_after", comparisonAfter)
                    .derived(m + "_comparison_change", comparison).derived(m + "_did", concat(both, comparison));
            for (String value : List.of("_before", "_after", "_change", "_ci_low", "_ci_high", "_comparison_before",
                    "_comparison_after", "_comparison_change", "_did")) {
                s.hide(m + value, fewCounselors);
            }
        }
        return s.done();
    }

    /**
     * The counts a value of one group and window is built on: the n of a mean; for attendance the attended and the
     * missed sessions (as the weekly table's rate), for dropout the dropouts and the episodes (as the alliance
     * table's rate). The row's rate times its n gives the numerator back exactly (it is a ratio of whole numbers).
     */
    private static long[] basis(String metric, Map<String, Object> row, String group) {
        long n = row.get(metric + group + "_n") instanceof Number x ? x.longValue() : 0;
        if (metric.equals("care") || metric.equals("wai")) {
            return new long[] {n};
        }
        long part = row.get(metric + group) instanceof Number p ? Math.round(p.doubleValue() * n) : 0;
        return metric.equals("attendance") ? new long[] {n, part, n - part} : new long[] {n, part};
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * True when the row is of {@code curriculum} (null: any) and touches one of {@code programs} — any row for every
     * program, also a training whose counselors have led no session yet (it has no program).
     */
    static boolean matches(Map<String, Object> row, Curriculum curriculum, ProgramSet programs) {
        if (curriculum != null && !curriculum.name().equals(Rows.text(row, "curriculum"))) {
            return false;
        }
        return programs.all()
                || row.get("program_ids") instanceof List<?> ids && ids.stream().anyMatch(p -> programs.contains(p.toString()));
    }
}
