package org.rapport.streams.indicators.alliance;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.scoring.Bands;
import org.rapport.streams.timeline.Episode;

/**
 * Per-episode alliance facts (SPEC §5.6), keyed {@code episode key|instrument}: for CARE and WAI-SR, an
 * episode with at least one scored rating is banded by its episode-mean score.
 */
public final class AllianceFacts {

    public static final List<Instrument> INSTRUMENTS = List.of(Instrument.CARE, Instrument.WAI_SR);

    private AllianceFacts() {
    }

    /**
     * The rows of one episode, keyed {@code episode key|instrument}: one per instrument with a scored rating.
     *
     * @param scores the episode's scored ratings per instrument, in time order
     */
    public static Map<String, AllianceFact> ofEpisode(Episode e, Map<Instrument, List<Double>> scores, int attended,
                                                      int missed, boolean droppedOut, boolean returnedToUse) {
        Map<String, AllianceFact> out = new TreeMap<>();
        for (Instrument instrument : INSTRUMENTS) {
            List<Double> ratings = scores.getOrDefault(instrument, List.of());
            if (ratings.isEmpty()) {
                continue;
            }
            out.put(e.key() + "|" + instrument, AllianceFact.newBuilder()
                    .setProgramId(e.programId())
                    .setInstrument(instrument.name())
                    .setBand(Bands.band(instrument, mean(ratings)).name())
                    .setDroppedOut(droppedOut)
                    .setReturnedToUse(returnedToUse)
                    .setAttendanceRate(attended + missed == 0 ? null : attended / (double) (attended + missed))
                    .build());
        }
        return out;
    }

    /** The mean of scores in time order, summed as {@code DoubleStream.average} does; null for none. */
    public static Double mean(List<Double> scores) {
        OptionalDouble mean = scores.stream().mapToDouble(Double::doubleValue).average();
        return mean.isPresent() ? mean.getAsDouble() : null;
    }
}
