package org.rapport.streams.client;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.ClientHead;
import org.rapport.avro.internal.LatestScore;
import org.rapport.streams.timeline.ScoredSurvey;

/** Folds an event into a client's head: constant work per event, whatever the history holds. */
final class Heads {

    private Heads() {
    }

    static ClientHead empty() {
        return ClientHead.newBuilder().setLatestEventAt(Long.MIN_VALUE).setLatestScored(new HashMap<>()).build();
    }

    /** The head with {@code event} taken in: the latest event, and the latest scored survey of its instrument. */
    static ClientHead absorb(ClientHead head, SpecificRecord event) {
        ClientHead next = ClientHead.newBuilder(head).setLatestScored(new HashMap<>(head.getLatestScored())).build();
        if (event instanceof EpisodeEvent e) {
            latest(next, new ClientFacts.Latest(e.getOccurredAt(), e.getProgramId(), e.getClinicId()));
        } else if (event instanceof AttendanceEvent a) {
            latest(next, new ClientFacts.Latest(a.getOccurredAt(), a.getProgramId(), a.getClinicId()));
        } else if (event instanceof SurveyEvent s) {
            latest(next, new ClientFacts.Latest(s.getOccurredAt(), s.getProgramId(), s.getClinicId()));
            ScoredSurvey scored = ClientFacts.scored(s);
            if (scored.scored()) {
                latestScored(next.getLatestScored(), scored);
            }
        }
        return next;
    }

    /** The head with its latest event set to {@code latest} (after a correction replaced the latest attendance). */
    static ClientHead withLatest(ClientHead head, ClientFacts.Latest latest) {
        return ClientHead.newBuilder(head).setLatestEventAt(latest.at().toEpochMilli())
                .setLatestProgramId(latest.programId()).setLatestClinicId(latest.clinicId()).build();
    }

    static Instant latestEventAt(ClientHead head) {
        return Instant.ofEpochMilli(head.getLatestEventAt());
    }

    private static void latest(ClientHead head, ClientFacts.Latest candidate) {
        ClientFacts.Latest current = new ClientFacts.Latest(Instant.ofEpochMilli(head.getLatestEventAt()),
                head.getLatestProgramId(), head.getLatestClinicId());
        if (head.getLatestEventAt() == Long.MIN_VALUE || ClientFacts.Latest.ORDER.compare(candidate, current) > 0) {
            head.setLatestEventAt(candidate.at().toEpochMilli());
            head.setLatestProgramId(candidate.programId());
            head.setLatestClinicId(candidate.clinicId());
        }
    }

    /** Of the scored surveys of an instrument, the one with the greatest (occurred_at, event_id) stands. */
    private static void latestScored(Map<String, LatestScore> latest, ScoredSurvey s) {
        String instrument = s.instrument().name();
        LatestScore current = latest.get(instrument);
        long at = s.at().toEpochMilli();
        String id = s.event().getEventId();
        boolean later = current == null || at > current.getAt()
                || (at == current.getAt() && id.compareTo(current.getEventId()) > 0);
        if (later) {
            // Only BAM's subscales reach the status (use, risk, protective); the head keeps no more than it needs.
            Map<String, Double> subscales = s.instrument() != Instrument.BAM || s.score().subscales() == null
                    ? new HashMap<>() : new HashMap<>(s.score().subscales());
            latest.put(instrument, LatestScore.newBuilder().setAt(at).setEventId(id).setTotal(s.total())
                    .setSubscales(subscales).build());
        }
    }
}
