package org.rapport.streams.indicators.training;

import org.rapport.avro.internal.TrainingContribution;
import org.rapport.avro.internal.TrainingSums;
import org.rapport.streams.indicators.Ratios;

/**
 * Adding to and subtracting from one group's sums over one window (SPEC §5.8). Every field is an integer —
 * scores in billionths, squares in billionths of the square (each rounded once, per row) — so a sum is the same
 * whatever order rows came and went in.
 */
public final class WindowSums {

    private WindowSums() {
    }

    public static TrainingSums empty() {
        return TrainingSums.newBuilder().build();
    }

    /** The linear part of a row: its rating (count, sum, sum of squares) or its attended / missed session. */
    public static void addRow(TrainingSums s, TrainingContribution row, int sign) {
        if (row.getScore() != null) {
            long score = sign * Ratios.toBillionths(row.getScore());
            long square = sign * Ratios.toBillionths(row.getScore() * row.getScore());
            if ("CARE".equals(row.getInstrument())) {
                s.setCareN(s.getCareN() + sign);
                s.setCareSum(s.getCareSum() + score);
                s.setCareSq(s.getCareSq() + square);
            } else {
                s.setWaiN(s.getWaiN() + sign);
                s.setWaiSum(s.getWaiSum() + score);
                s.setWaiSq(s.getWaiSq() + square);
            }
        } else if (row.getSessionId() != null) {
            if (row.getAttended()) {
                s.setAttended(s.getAttended() + sign);
            } else {
                s.setMissed(s.getMissed() + sign);
            }
        }
    }

    /** One distinct client episode of one counselor in one window, and whether it dropped out. */
    public static void addEpisode(TrainingSums s, long episodes, long dropouts) {
        s.setEpisodes(s.getEpisodes() + episodes);
        s.setDropouts(s.getDropouts() + dropouts);
    }

    /** Adds ({@code sign} 1) or subtracts (−1) every field of {@code more}. */
    public static void addAll(TrainingSums into, TrainingSums more, int sign) {
        into.setCareN(into.getCareN() + sign * more.getCareN());
        into.setCareSum(into.getCareSum() + sign * more.getCareSum());
        into.setCareSq(into.getCareSq() + sign * more.getCareSq());
        into.setWaiN(into.getWaiN() + sign * more.getWaiN());
        into.setWaiSum(into.getWaiSum() + sign * more.getWaiSum());
        into.setWaiSq(into.getWaiSq() + sign * more.getWaiSq());
        into.setAttended(into.getAttended() + sign * more.getAttended());
        into.setMissed(into.getMissed() + sign * more.getMissed());
        into.setEpisodes(into.getEpisodes() + sign * more.getEpisodes());
        into.setDropouts(into.getDropouts() + sign * more.getDropouts());
    }
}
