package org.rapport.streams.indicators.counselor;

import java.time.Instant;
import java.util.Optional;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * A client's contributions to counselor alliance (SPEC §5.7) inside the window (asOf − 90 d, asOf]: each
 * attended or missed session (keyed {@code session|session_id|client}; its counselor comes from the session
 * table) and each scored CARE or WAI-SR rating (keyed {@code rating|event_id}). Rows that leave the window
 * at a daily recomputation are deleted, so the counselor sums always cover the last 90 days.
 */
public final class CounselorFacts {

    private CounselorFacts() {
    }

    /** True when {@code at} is in the window (asOf − window, asOf]. */
    public static boolean inWindow(Instant at, Instant asOf, Rules rules) {
        return at.isAfter(asOf.minus(rules.counselorWindow())) && !at.isAfter(asOf);
    }

    public static String outcomeKey(String clientId, SessionOutcome o) {
        return "session|" + o.sessionId() + "|" + clientId;
    }

    /** An attended or missed session; its counselor comes from the session table downstream. */
    public static CounselorFact forOutcome(String clientId, SessionOutcome o, boolean episodeDroppedOut) {
        return CounselorFact.newBuilder()
                .setProgramId(o.programId()).setClientId(clientId).setSessionId(o.sessionId())
                .setAttended(o.attended()).setMissed(o.missed()).setEpisodeDroppedOut(episodeDroppedOut).build();
    }

    public static String ratingKey(ScoredSurvey s) {
        return "rating|" + s.event().getEventId();
    }

    /** A scored CARE or WAI-SR rating naming a counselor, else empty. */
    public static Optional<CounselorFact> forRating(String clientId, ScoredSurvey s) {
        boolean rating = s.instrument() == Instrument.CARE || s.instrument() == Instrument.WAI_SR;
        if (!rating || !s.scored() || s.event().getCounselorId() == null) {
            return Optional.empty();
        }
        return Optional.of(CounselorFact.newBuilder()
                .setCounselorId(s.event().getCounselorId()).setProgramId(s.event().getProgramId())
                .setClientId(clientId).setInstrument(s.instrument().name()).setScore(s.total()).build());
    }
}
