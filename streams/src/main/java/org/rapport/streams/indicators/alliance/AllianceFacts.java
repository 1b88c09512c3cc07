package org.rapport.streams.indicators.alliance;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Band;
import org.rapport.avro.Exposure;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.scoring.Bands;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * Per-episode alliance facts (SPEC §5.6), keyed {@code episode key|exposure}. For CARE, WAI-SR and SCS-SF, an
 * episode with at least one scored survey is banded here by its episode-mean score. For PEER_SUPPORT, every episode
 * with an attended or missed session has a row whose band the topology sets: the session type is on the session
 * event, so the client stage also sends the episode's attended sessions ({@link #sessionsOfEpisode}), keyed
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

    /** Every episode's rows ({@link #ofEpisode}). */
    public static Map<String, AllianceFact> derive(ClientTimeline timeline, AlertRules.Derivation alerts, Rules rules) {
        Map<String, AllianceFact> out = new TreeMap<>();
        for (Episode e : timeline.episodes()) {
            out.putAll(ofEpisode(timeline, e, alerts, rules));
        }
        return out;
    }

    /** Every episode's attended sessions ({@link #sessionsOfEpisode}). */
    public static Map<String, AllianceSession> sessions(ClientTimeline timeline) {
        Map<String, AllianceSession> out = new TreeMap<>();
        for (Episode e : timeline.episodes()) {
            out.putAll(sessionsOfEpisode(timeline, e));
        }
        return out;
    }

    /**
     * The rows of one episode, keyed {@code episode key|exposure}: one per scored exposure with a scored survey in
     * the episode, and a PEER_SUPPORT row (band empty: set by the topology) when it has an attended or missed session.
     */
    public static Map<String, AllianceFact> ofEpisode(ClientTimeline timeline, Episode e, AlertRules.Derivation alerts,
                                                      Rules rules) {
        Map<String, AllianceFact> out = new TreeMap<>();
        List<SessionOutcome> outcomes = timeline.outcomesIn(e);
        for (Exposure exposure : EXPOSURES) {
            Band band;
            if (exposure == Exposure.PEER_SUPPORT) {
                if (outcomes.isEmpty()) {
                    continue;
                }
                band = null;
            } else {
                List<ScoredSurvey> scored = timeline.scoredIn(e, SCORED.get(exposure));
                if (scored.isEmpty()) {
                    continue;
                }
                band = band(exposure, scored.stream().mapToDouble(ScoredSurvey::total).average().orElseThrow(), rules);
            }
            out.put(factKey(e.key(), exposure), AllianceFact.newBuilder()
                    .setProgramId(e.programId())
                    .setInstrument(exposure.name())
                    .setBand(band == null ? "" : band.name())
                    .setDroppedOut(!alerts.of(AlertKind.DROPOUT, e).isEmpty())
                    .setReturnedToUse(!alerts.of(AlertKind.RETURN_TO_USE, e).isEmpty())
                    .setAttendanceRate(attendanceRate(outcomes))
                    .build());
        }
        return out;
    }

    /**
     * The attended sessions of one episode, keyed {@code episode key|session_id}: the topology joins each with the
     * session table and counts, per episode, those of type PEER_SUPPORT.
     */
    public static Map<String, AllianceSession> sessionsOfEpisode(ClientTimeline timeline, Episode e) {
        Map<String, AllianceSession> out = new TreeMap<>();
        for (SessionOutcome o : timeline.outcomesIn(e)) {
            if (o.attended()) {
                out.put(e.key() + "|" + o.sessionId(), AllianceSession.newBuilder()
                        .setEpisode(factKey(e.key(), Exposure.PEER_SUPPORT))
                        .setClinicId(e.clinicId())
                        .setSessionId(o.sessionId())
                        .build());
            }
        }
        return out;
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

    /** attended / (attended + missed) over the episode; null without any such session. */
    static Double attendanceRate(List<SessionOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return null;
        }
        long attended = outcomes.stream().filter(SessionOutcome::attended).count();
        return attended / (double) outcomes.size();
    }
}
