package org.rapport.streams.indicators.training;

import org.rapport.avro.TrainingEffect;
import org.rapport.avro.internal.TrainingSums;

/**
 * The metric fields of a training-effects row from the four sums (trained and comparison, before and after),
 * exactly as SPEC §5.8 defines them: means and rates, change = after − before, a 95 % interval of the change
 * (change ± z·√(v_b/n_b + v_a/n_a), v the sample variance of a mean or p(1 − p) of a rate; null when an n < 2),
 * the comparison group's change and the difference in differences.
 */
public final class EffectStatistics {

    /** The normal quantile of a two-sided 95 % interval (SPEC §5.8 fixes the level). */
    public static final double Z_95 = 1.96;

    private static final double BILLION = 1e9;

    private EffectStatistics() {
    }

    /** One metric over one group and window: its n, value (null over nothing) and variance (null when n < 2). */
    record Estimate(long n, Double value, Double variance) {
    }

    enum Metric { CARE, WAI, ATTENDANCE, DROPOUT }

    static Estimate estimate(Metric m, TrainingSums s) {
        return switch (m) {
            case CARE -> mean(s.getCareN(), s.getCareSum(), s.getCareSq());
            case WAI -> mean(s.getWaiN(), s.getWaiSum(), s.getWaiSq());
            case ATTENDANCE -> rate(s.getAttended(), s.getAttended() + s.getMissed());
            case DROPOUT -> rate(s.getDropouts(), s.getEpisodes());
        };
    }

    /** Sample variance (divisor n − 1) from the sum and the sum of squares; never below 0 through rounding. */
    private static Estimate mean(long n, long sumBillionths, long squaresBillionths) {
        if (n == 0) {
            return new Estimate(0, null, null);
        }
        double sum = sumBillionths / BILLION;
        double mean = sum / n;
        Double variance = n < 2 ? null : Math.max(0, (squaresBillionths / BILLION - sum * mean) / (n - 1));
        return new Estimate(n, mean, variance);
    }

    private static Estimate rate(long part, long n) {
        if (n == 0) {
            return new Estimate(0, null, null);
        }
        double p = part / (double) n;
        return new Estimate(n, p, n < 2 ? null : p * (1 - p));
    }

    /** Sets every metric field of {@code row}. */
    public static void fill(TrainingEffect.Builder row, TrainingSums before, TrainingSums after,
                            TrainingSums comparisonBefore, TrainingSums comparisonAfter) {
        for (Metric m : Metric.values()) {
            Estimate b = estimate(m, before);
            Estimate a = estimate(m, after);
            Estimate cb = estimate(m, comparisonBefore);
            Estimate ca = estimate(m, comparisonAfter);
            Double change = difference(a.value(), b.value());
            Double comparisonChange = difference(ca.value(), cb.value());
            Double halfWidth = b.variance() == null || a.variance() == null ? null
                    : Z_95 * Math.sqrt(b.variance() / b.n() + a.variance() / a.n());
            set(row, m, (int) b.n(), b.value(), (int) a.n(), a.value(), change,
                    halfWidth == null ? null : change - halfWidth, halfWidth == null ? null : change + halfWidth,
                    (int) cb.n(), cb.value(), (int) ca.n(), ca.value(), comparisonChange,
                    difference(change, comparisonChange));
        }
    }

    private static Double difference(Double x, Double y) {
        return x == null || y == null ? null : x - y;
    }

    private static void set(TrainingEffect.Builder r, Metric m, int nb, Double before, int na, Double after,
                            Double change, Double low, Double high, int cnb, Double cBefore, int cna, Double cAfter,
                            Double cChange, Double did) {
        switch (m) {
            case CARE -> r.setCareBeforeN(nb).setCareBefore(before).setCareAfterN(na).setCareAfter(after)
                    .setCareChange(change).setCareCiLow(low).setCareCiHigh(high).setCareComparisonBeforeN(cnb).setCareComparisonBefore(cBefore)
                    .setCareComparisonAfterN(cna).setCareComparisonAfter(cAfter).setCareComparisonChange(cChange).setCareDid(did);
            case WAI -> r.setWaiBeforeN(nb).setWaiBefore(before).setWaiAfterN(na).setWaiAfter(after)
                    .setWaiChange(change).setWaiCiLow(low).setWaiCiHigh(high).setWaiComparisonBeforeN(cnb).setWaiComparisonBefore(cBefore)
                    .setWaiComparisonAfterN(cna).setWaiComparisonAfter(cAfter).setWaiComparisonChange(cChange).setWaiDid(did);
            case ATTENDANCE -> r.setAttendanceBeforeN(nb).setAttendanceBefore(before).setAttendanceAfterN(na)
                    .setAttendanceAfter(after).setAttendanceChange(change).setAttendanceCiLow(low)
                    .setAttendanceCiHigh(high).setAttendanceComparisonBeforeN(cnb).setAttendanceComparisonBefore(cBefore).setAttendanceComparisonAfterN(cna).setAttendanceComparisonAfter(cAfter)
                    .setAttendanceComparisonChange(cChange).setAttendanceDid(did);
            case DROPOUT -> r.setDropoutBeforeN(nb).setDropoutBefore(before).setDropoutAfterN(na)
                    .setDropoutAfter(after).setDropoutChange(change).setDropoutCiLow(low).setDropoutCiHigh(high)
                    .setDropoutComparisonBeforeN(cnb).setDropoutComparisonBefore(cBefore).setDropoutComparisonAfterN(cna).setDropoutComparisonAfter(cAfter)
                    .setDropoutComparisonChange(cChange).setDropoutDid(did);
        }
    }
}
