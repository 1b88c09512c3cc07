package org.rapport.streams.indicators.counselor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.rapport.avro.CounselorAlliance;
import org.rapport.avro.internal.CounselorAggregate;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.streams.indicators.Counts;
import org.rapport.streams.indicators.Ratios;

/** Adder, subtractor and output mapping of one counselor's sums. */
public final class CounselorAggregates {

    private CounselorAggregates() {
    }

    public static CounselorAggregate empty() {
        return CounselorAggregate.newBuilder().setClients(new HashMap<>()).setDropoutClients(new HashMap<>())
                .setPrograms(new HashMap<>()).build();
    }

    public static CounselorAggregate add(String counselor, CounselorFact f, CounselorAggregate agg) {
        return apply(counselor, f, agg, 1);
    }

    public static CounselorAggregate subtract(String counselor, CounselorFact f, CounselorAggregate agg) {
        return apply(counselor, f, agg, -1);
    }

    private static CounselorAggregate apply(String counselor, CounselorFact f, CounselorAggregate a, int sign) {
        a.setCounselorId(counselor);
        a.setRows(a.getRows() + sign);
        Counts.add(a.getPrograms(), f.getProgramId(), sign);
        if (f.getInstrument() != null && f.getScore() != null) {
            long score = sign * Ratios.toBillionths(f.getScore());
            if (f.getInstrument().equals("CARE")) {
                a.setCareSum(a.getCareSum() + score);
                a.setCareN(a.getCareN() + sign);
            } else {
                a.setWaiSum(a.getWaiSum() + score);
                a.setWaiN(a.getWaiN() + sign);
            }
        }
        if (f.getSessionId() != null) {
            a.setAttended(a.getAttended() + (f.getAttended() ? sign : 0));
            a.setMissed(a.getMissed() + (f.getMissed() ? sign : 0));
            Counts.add(a.getClients(), f.getClientId(), sign);
            if (f.getEpisodeDroppedOut()) {
                Counts.add(a.getDropoutClients(), f.getClientId(), sign);
            }
        }
        return a;
    }

    /** The output row, or a tombstone when nothing is left in the window. */
    public static CounselorAlliance toOutput(CounselorAggregate a) {
        if (a == null || a.getRows() == 0) {
            return null;
        }
        return CounselorAlliance.newBuilder()
                .setCounselorId(a.getCounselorId())
                .setProgramIds(new ArrayList<>(new TreeSet<>(a.getPrograms().keySet())))
                .setRatings(a.getCareN() + a.getWaiN())
                .setCareMean(Ratios.meanOfBillionths(a.getCareSum(), a.getCareN()))
                .setWaiMean(Ratios.meanOfBillionths(a.getWaiSum(), a.getWaiN()))
                .setClients(a.getClients().size())
                .setAttended(a.getAttended())
                .setMissed(a.getMissed())
                .setAttendanceRate(Ratios.rate(a.getAttended(), a.getAttended() + a.getMissed()))
                .setDropouts(a.getDropoutClients().size())
                .build();
    }
}
