package org.rapport.streams.indicators;

/** SPEC §5: a rate or mean over nothing is null. */
public final class Ratios {

    private Ratios() {
    }

    public static Double rate(long part, long whole) {
        return whole == 0 ? null : part / (double) whole;
    }

    public static Double mean(double sum, long n) {
        return n == 0 ? null : sum / n;
    }

    /**
     * Aggregates that add and subtract rows keep sums of scores as integers of billionths: floating-point
     * sums would drift with the order of additions and subtractions, and the rule of SPEC §5 is that the
     * result depends on the set of events only.
     */
    public static long toBillionths(double value) {
        return Math.round(value * BILLION);
    }

    public static Double meanOfBillionths(long sum, long n) {
        return n == 0 ? null : sum / BILLION / n;
    }

    private static final double BILLION = 1e9;
}
