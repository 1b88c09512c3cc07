package org.rapport.streams.indicators.alliance;

import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.Band;
import org.rapport.avro.Exposure;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.streams.indicators.Ratios;

/** Adder/subtractor and output mapping of the alliance–outcome sums. */
public final class AllianceAggregates {

    private AllianceAggregates() {
    }

    public static AllianceAggregate empty() {
        return AllianceAggregate.newBuilder().build();
    }

    public static AllianceAggregate apply(AllianceFact f, AllianceAggregate a, int sign, boolean allPrograms) {
        a.setProgramId(allPrograms ? AllianceOutcomeTopology.ALL_PROGRAMS : f.getProgramId());
        a.setInstrument(f.getInstrument());
        a.setBand(f.getBand());
        a.setEpisodes(a.getEpisodes() + sign);
        a.setDropouts(a.getDropouts() + (f.getDroppedOut() ? sign : 0));
        a.setReturnsToUse(a.getReturnsToUse() + (f.getReturnedToUse() ? sign : 0));
        if (f.getAttendanceRate() != null) {
            a.setRateSum(a.getRateSum() + sign * Ratios.toBillionths(f.getAttendanceRate()));
            a.setRateN(a.getRateN() + sign);
        }
        return a;
    }

    public static AllianceOutcome toOutput(AllianceAggregate a) {
        if (a == null || a.getEpisodes() == 0) {
            return null;
        }
        return AllianceOutcome.newBuilder()
                .setProgramId(a.getProgramId())
                .setInstrument(Exposure.valueOf(a.getInstrument()))
                .setBand(Band.valueOf(a.getBand()))
                .setEpisodes(a.getEpisodes())
                .setDropouts(a.getDropouts())
                .setDropoutRate(Ratios.rate(a.getDropouts(), a.getEpisodes()))
                .setReturnsToUse(a.getReturnsToUse())
                .setReturnToUseRate(Ratios.rate(a.getReturnsToUse(), a.getEpisodes()))
                .setMeanAttendanceRate(Ratios.meanOfBillionths(a.getRateSum(), a.getRateN()))
                .build();
    }
}
