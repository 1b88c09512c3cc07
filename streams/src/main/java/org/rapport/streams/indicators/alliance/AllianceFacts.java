package org.rapport.streams.indicators.alliance;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.rapport.avro.Band;
import org.rapport.avro.Exposure;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.scoring.Bands;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * Per-episode alliance facts (SPEC §5.6), keyed {@code episode key|exposure}. For CARE, WAI-SR and SCS-SF, an
 * episode with at least one scored survey is banded here by its episode-mean score. For PEER_SUPPORT, every episode
 * with an attended or missed session has a row whose band the topology sets: the session type is on the session
 * event, so the client stage also sends the episode's attended sessions ({@link #session}), keyed
 * {@code episode key|session_id}, for the topology to join with the session table and count.
 */
public final class AllianceFacts {

    /** The exposures banded by an episode-mean score, and the instrument of each. */
    public static final Map<Exposure, Instrument> SCORED = Map.of(Exposure.CARE, Instrument.CARE,
            Exposure.WAI_SR, Instrument.WAI_SR, Exposure.SCS_SF, Instrument.SCS_SF);
    /** Every exposure, in the order rows are listed. */
    public static final List<Exposure> EXPOSURES = List.of(Exposure.CARE, Exposure.WAI_SR, Exposure.SCS_SF,
            Exposure.PEER_SUPPORT);

    private AllianceFacts() {
    }

    /**
     * The rows of one episode, keyed {@code episode key|exposure}: one per scored exposure with a scored survey in
     * the episode, and a PEER_SUPPORT row (band empty: set by the topology) when it has an attended or missed session.
     *
     * @param scores the episode's scored surveys per exposure, in time order
     */
    public static Map<String, AllianceFact> ofEpisode(Episode e, Map<Exposure, List<Double>> scores, int attended,
                                                      int missed, boolean droppedOut, boolean returnedToUse,
                                                      Rules rules) {
        Map<String, AllianceFact> out = new TreeMap<>();
        for (Exposure exposure : EXPOSURES) {
            Band band;
            if (exposure == Exposure.PEER_SUPPORT) {
                if (attended + missed == 0) {
                    continue;
                }
                band = null;
            } else {
                List<Double> scored = scores.getOrDefault(exposure, List.of());
                if (scored.isEmpty()) {
                    continue;
                }
                band = band(exposure, mean(scored), rules);
            }
            out.put(factKey(e.key(), exposure), AllianceFact.newBuilder()
                    .setProgramId(e.programId())
                    .setInstrument(exposure.name())
                    .setBand(band == null ? "" : band.name())
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

    /**
     * An attended session of an episode, keyed {@code episode key|session_id}: the topology joins each with the
     * session table and counts, per episode, those of type PEER_SUPPORT.
     */
    public static AllianceSession session(Episode e, SessionOutcome o) {
        return AllianceSession.newBuilder().setEpisode(factKey(e.key(), Exposure.PEER_SUPPORT))
                .setClinicId(e.clinicId()).setSessionId(o.sessionId()).build();
    }

    public static String sessionKey(Episode e, SessionOutcome o) {
        return e.key() + "|" + o.sessionId();
    }

    /** The key of an episode's row for one exposure. */
    public static String factKey(String episodeKey, Exposure exposure) {
        return episodeKey + "|" + exposure.name();
    }

    /** The band of an episode-mean score: SPEC §4 for CARE and WAI-SR, the configured bands for SCS-SF. */
    static Band band(Exposure exposure, double mean, Rules rules) {
        return switch (exposure) {
            case CARE -> Bands.band(Instrument.CARE, mean);
            case WAI_SR -> Bands.band(Instrument.WAI_SR, mean);
            case SCS_SF -> rules.allianceBands().scs(mean);
            case PEER_SUPPORT -> throw new IllegalArgumentException("peer support is banded by sessions, not a score");
        };
    }

    /** The PEER_SUPPORT row banded by its episode's attended peer-support sessions; other rows as they are. */
    public static AllianceFact withPeerSupport(AllianceFact fact, Long peerSessions, Rules.AllianceBands bands) {
        if (!Exposure.PEER_SUPPORT.name().equals(fact.getInstrument())) {
            return fact;
        }
        Band band = bands.peerSupport(peerSessions == null ? 0 : peerSessions);
        return AllianceFact.newBuilder(fact).setBand(band.name()).build();
    }
}
