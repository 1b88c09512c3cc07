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
        return CounselorAggregate.newBuilder().setPrograms(new HashMap<>()).build();
    }

    /** Per counselor and client: a fact row in. */
    public static CounselorAggregate add(String counselorAndClient, CounselorFact f, CounselorAggregate agg) {
        return apply(f, agg, 1);
    }

    public static CounselorAggregate subtract(String counselorAndClient, CounselorFact f, CounselorAggregate agg) {
        return apply(f, agg, -1);
    }

    /** The key of the per counselor and client sums. */
    public static String counselorAndClient(CounselorFact f) {
        return f.getCounselorId() + "|" + f.getClientId();
    }

    private static CounselorAggregate apply(CounselorFact f, CounselorAggregate a, int sign) {
        a.setCounselorId(f.getCounselorId());
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
            a.setClients(a.getClients() + sign);
            if (f.getEpisodeDroppedOut()) {
                a.setDropoutClients(a.getDropoutClients() + sign);
            }
        }
        return a;
    }

    /** Per counselor: one client's sums in; a client counts once when it has a session row (in a dropped-out episode). */
    public static CounselorAggregate addClient(String counselor, CounselorAggregate client, CounselorAggregate agg) {
        return merge(counselor, client, agg, 1);
    }

    public static CounselorAggregate subtractClient(String counselor, CounselorAggregate client, CounselorAggregate agg) {
        return merge(counselor, client, agg, -1);
    }

    private static CounselorAggregate merge(String counselor, CounselorAggregate c, CounselorAggregate a, int sign) {
        a.setCounselorId(counselor);
        a.setRows(a.getRows() + sign * c.getRows());
        a.setCareSum(a.getCareSum() + sign * c.getCareSum());
        a.setCareN(a.getCareN() + sign * c.getCareN());
        a.setWaiSum(a.getWaiSum() + sign * c.getWaiSum());
        a.setWaiN(a.getWaiN() + sign * c.getWaiN());
        a.setAttended(a.getAttended() + sign * c.getAttended());
        a.setMissed(a.getMissed() + sign * c.getMissed());
        a.setClients(a.getClients() + (c.getClients() > 0 ? sign : 0));
        a.setDropoutClients(a.getDropoutClients() + (c.getDropoutClients() > 0 ? sign : 0));
        c.getPrograms().forEach((program, n) -> Counts.add(a.getPrograms(), program, sign * n));
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
                .setClients(a.getClients())
                .setAttended(a.getAttended())
                .setMissed(a.getMissed())
                .setAttendanceRate(Ratios.rate(a.getAttended(), a.getAttended() + a.getMissed()))
                .setDropouts(a.getDropoutClients())
                .build();
    }
}
