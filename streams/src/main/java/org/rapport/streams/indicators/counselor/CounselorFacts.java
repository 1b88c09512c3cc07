package org.rapport.streams.indicators.counselor;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;
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

    public static Map<String, CounselorFact> derive(ClientTimeline timeline, AlertRules.Derivation alerts,
                                                    Instant asOf, Rules rules) {
        Instant windowStart = asOf.minus(rules.counselorWindow());
        Map<String, CounselorFact> out = new TreeMap<>();
        for (SessionOutcome o : timeline.outcomes()) {
            if (!o.at().isAfter(windowStart) || o.at().isAfter(asOf)) {
                continue;
            }
            boolean droppedOut = timeline.episodeAt(o.at()).map(e -> !alerts.of(AlertKind.DROPOUT, e).isEmpty())
                    .orElse(false);
            out.put("session|" + o.sessionId() + "|" + timeline.clientId(), CounselorFact.newBuilder()
                    .setProgramId(o.programId()).setClientId(timeline.clientId()).setSessionId(o.sessionId())
                    .setAttended(o.attended()).setMissed(o.missed()).setEpisodeDroppedOut(droppedOut).build());
        }
        for (ScoredSurvey s : timeline.surveys()) {
            boolean rating = s.instrument() == Instrument.CARE || s.instrument() == Instrument.WAI_SR;
            if (!rating || !s.scored() || s.event().getCounselorId() == null || !s.at().isAfter(windowStart)
                    || s.at().isAfter(asOf)) {
                continue;
            }
            out.put("rating|" + s.event().getEventId(), CounselorFact.newBuilder()
                    .setCounselorId(s.event().getCounselorId()).setProgramId(s.event().getProgramId())
                    .setClientId(timeline.clientId()).setInstrument(s.instrument().name()).setScore(s.total()).build());
        }
        return out;
    }
}
