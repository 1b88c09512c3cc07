package org.rapport.streams.indicators.weekly;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.rapport.avro.ProgramWeekly;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.avro.internal.WeeklyFact;
import org.rapport.streams.indicators.Counts;
import org.rapport.streams.indicators.Ratios;

/** Adder, subtractor and output mapping of the program-week sums. */
public final class WeeklyAggregates {

    private WeeklyAggregates() {
    }

    public static WeeklyAggregate empty() {
        return WeeklyAggregate.newBuilder().setDischarges(new HashMap<>()).build();
    }

    public static WeeklyAggregate add(String key, WeeklyFact f, WeeklyAggregate agg) {
        return apply(f, agg, 1);
    }

    public static WeeklyAggregate subtract(String key, WeeklyFact f, WeeklyAggregate agg) {
        return apply(f, agg, -1);
    }

    private static WeeklyAggregate apply(WeeklyFact f, WeeklyAggregate a, int sign) {
        a.setProgramId(f.getProgramId());
        a.setWeekEpochDay(f.getWeekEpochDay());
        a.setRows(a.getRows() + sign);
        a.setAttended(a.getAttended() + sign * f.getAttended());
        a.setMissed(a.getMissed() + sign * f.getMissed());
        a.setActiveClients(a.getActiveClients() + (f.getAttended() > 0 ? sign : 0));
        a.setAdmissions(a.getAdmissions() + sign * f.getAdmissions());
        f.getDischarges().forEach((reason, n) -> Counts.add(a.getDischarges(), reason, sign * n));
        a.setDropouts(a.getDropouts() + sign * f.getDropouts());
        a.setReturnsToUse(a.getReturnsToUse() + sign * f.getReturnsToUse());
        a.setCravingSpikes(a.getCravingSpikes() + sign * f.getCravingSpikes());
        a.setCareSum(a.getCareSum() + sign * Ratios.toBillionths(f.getCareSum()));
        a.setCareN(a.getCareN() + sign * f.getCareN());
        a.setWaiSum(a.getWaiSum() + sign * Ratios.toBillionths(f.getWaiSum()));
        a.setWaiN(a.getWaiN() + sign * f.getWaiN());
        a.setScsSum(a.getScsSum() + sign * Ratios.toBillionths(f.getScsSum()));
        a.setScsN(a.getScsN() + sign * f.getScsN());
        a.setPhq9Sum(a.getPhq9Sum() + sign * Ratios.toBillionths(f.getPhq9Sum()));
        a.setPhq9N(a.getPhq9N() + sign * f.getPhq9N());
        return a;
    }

    /** The sums with the week's distinct sessions joined in. */
    public static WeeklyAggregate withSessionsHeld(WeeklyAggregate sums, Long sessionsHeld) {
        return WeeklyAggregate.newBuilder(sums).setSessionsHeld(sessionsHeld == null ? 0 : sessionsHeld.intValue()).build();
    }

    /** The output row, or null (a tombstone) when no fact row contributes any more. */
    public static ProgramWeekly toOutput(WeeklyAggregate a) {
        if (a == null || a.getRows() == 0) {
            return null;
        }
        return ProgramWeekly.newBuilder()
                .setProgramId(a.getProgramId())
                .setWeek(LocalDate.ofEpochDay(a.getWeekEpochDay()))
                .setSessionsHeld(a.getSessionsHeld())
                .setAttended(a.getAttended())
                .setMissed(a.getMissed())
                .setAttendanceRate(Ratios.rate(a.getAttended(), a.getAttended() + a.getMissed()))
                .setActiveClients(a.getActiveClients())
                .setAdmissions(a.getAdmissions())
                .setDischarges(new HashMap<>(a.getDischarges()))
                .setDropouts(a.getDropouts())
                .setReturnsToUse(a.getReturnsToUse())
                .setCravingSpikes(a.getCravingSpikes())
                .setCareMean(Ratios.meanOfBillionths(a.getCareSum(), a.getCareN()))
                .setWaiMean(Ratios.meanOfBillionths(a.getWaiSum(), a.getWaiN()))
                .setScsMean(Ratios.meanOfBillionths(a.getScsSum(), a.getScsN()))
                .setPhq9Mean(Ratios.meanOfBillionths(a.getPhq9Sum(), a.getPhq9N()))
                .build();
    }
}
