package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.scoring.Scoring;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * A client's facts as many small entries: each event is one entry (or, for attendance, the standing one per
 * session), keyed by client, event time and id, read back by range. Adding is idempotent and commutative — a set
 * insert keyed by {@code event_id}, or for attendance "keep the greatest (recorded_at, event_id) per session" —
 * so everything derived depends only on the set of events received (SPEC §5).
 */
final class ClientFacts {

    /** SPEC §2: of several attendance events for one session and client, the greatest (recorded_at, event_id) stands. */
    static final Comparator<AttendanceEvent> CORRECTION_ORDER =
            Comparator.comparing(ClientFacts::recordedAt).thenComparing(AttendanceEvent::getEventId);

    /** What an added event changed. */
    enum Kind { EPISODE, ATTENDANCE, SURVEY }

    /**
     * @param replaced for attendance, the standing attendance this one replaced, if any
     */
    record Change(Kind kind, SpecificRecord event, Instant at, AttendanceEvent replaced) {
    }

    private final KeyValueStore<String, Long> seen;
    private final KeyValueStore<String, EpisodeEvent> episodeEvents;
    private final KeyValueStore<String, AttendanceEvent> attendance;
    private final KeyValueStore<String, AttendanceEvent> outcomes;
    private final KeyValueStore<String, SurveyEvent> surveys;

    ClientFacts(ProcessorContext<?, ?> context) {
        this.seen = context.getStateStore(ClientStores.SEEN);
        this.episodeEvents = context.getStateStore(ClientStores.EPISODE_EVENTS);
        this.attendance = context.getStateStore(ClientStores.ATTENDANCE);
        this.outcomes = context.getStateStore(ClientStores.OUTCOMES);
        this.surveys = context.getStateStore(ClientStores.SURVEYS);
    }

    /** Adds the event; returns null when it changes nothing (a duplicate event_id or an outranked correction). */
    Change add(String clientId, SpecificRecord event, long streamTime) {
        String eventId = eventId(event);
        // Per kind, as event ids are the senders' and each kind of event is its own set.
        String seenKey = ClientKeys.of(clientId, event.getClass().getSimpleName() + ":" + eventId);
        if (seen.get(seenKey) != null) {
            return null;
        }
        seen.put(seenKey, streamTime);
        if (event instanceof EpisodeEvent e) {
            episodeEvents.put(ClientKeys.timed(clientId, e.getOccurredAt(), eventId), e);
            return new Change(Kind.EPISODE, e, e.getOccurredAt(), null);
        }
        if (event instanceof SurveyEvent s) {
            surveys.put(ClientKeys.timed(clientId, s.getOccurredAt(), eventId), s);
            return new Change(Kind.SURVEY, s, s.getOccurredAt(), null);
        }
        if (event instanceof AttendanceEvent a) {
            return addAttendance(clientId, a);
        }
        throw new IllegalArgumentException("Not a client event: " + event.getClass().getSimpleName());
    }

    private Change addAttendance(String clientId, AttendanceEvent a) {
        String sessionKey = ClientKeys.of(clientId, a.getSessionId());
        AttendanceEvent standing = attendance.get(sessionKey);
        if (standing != null && CORRECTION_ORDER.compare(a, standing) <= 0) {
            return null;
        }
        attendance.put(sessionKey, a);
        if (standing != null) {
            outcomes.delete(ClientKeys.timed(clientId, standing.getOccurredAt(), standing.getEventId()));
        }
        outcomes.put(ClientKeys.timed(clientId, a.getOccurredAt(), a.getEventId()), a);
        return new Change(Kind.ATTENDANCE, a, a.getOccurredAt(), standing);
    }

    /** All of the client's episode events (a few per episode). */
    List<EpisodeEvent> episodeEvents(String clientId) {
        return values(episodeEvents, ClientKeys.first(clientId), ClientKeys.last(clientId));
    }

    /** The standing attended and missed sessions with occurred_at in [from, to], in time order. */
    List<SessionOutcome> outcomes(String clientId, long fromMillis, long toMillis) {
        List<SessionOutcome> out = new ArrayList<>();
        if (fromMillis > toMillis) {
            return out;
        }
        for (AttendanceEvent a : values(outcomes, ClientKeys.from(clientId, fromMillis), ClientKeys.through(clientId, toMillis))) {
            SessionOutcome o = SessionOutcome.of(a);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /** The surveys with occurred_at in [from, to], scored, in time order. */
    List<ScoredSurvey> surveys(String clientId, long fromMillis, long toMillis) {
        List<ScoredSurvey> out = new ArrayList<>();
        if (fromMillis > toMillis) {
            return out;
        }
        for (SurveyEvent s : values(surveys, ClientKeys.from(clientId, fromMillis), ClientKeys.through(clientId, toMillis))) {
            out.add(scored(s));
        }
        return out;
    }

    static ScoredSurvey scored(SurveyEvent s) {
        return new ScoredSurvey(s, Scoring.score(s.getInstrument(), s.getItems()));
    }

    /**
     * The run of missed sessions at the end of the client's history and the attended session before it: read
     * backwards from the latest session, so the cost is the length of that run, not of the history.
     */
    record MissedRun(int missed, Instant lastAttendedAt) {
    }

    MissedRun missedRun(String clientId) {
        int missed = 0;
        try (KeyValueIterator<String, AttendanceEvent> it =
                     outcomes.reverseRange(ClientKeys.first(clientId), ClientKeys.last(clientId))) {
            while (it.hasNext()) {
                SessionOutcome o = SessionOutcome.of(it.next().value);
                if (o == null) {
                    continue;
                }
                if (o.attended()) {
                    return new MissedRun(missed, o.at());
                }
                missed++;
            }
        }
        return new MissedRun(missed, null);
    }

    /** The client's latest event: the greatest occurred_at, ties to the greatest program_id. */
    record Latest(Instant at, String programId, String clinicId) {

        static final Comparator<Latest> ORDER = Comparator.comparing(Latest::at).thenComparing(Latest::programId);
    }

    /**
     * The latest of the client's events that stand, read from the end of each store: only needed when a correction
     * replaced the attendance that was the latest (otherwise the latest only grows, and the head keeps it).
     */
    Latest latest(String clientId) {
        Latest best = null;
        for (EpisodeEvent e : lastInstant(episodeEvents, clientId, EpisodeEvent::getOccurredAt)) {
            best = max(best, new Latest(e.getOccurredAt(), e.getProgramId(), e.getClinicId()));
        }
        for (AttendanceEvent a : lastInstant(outcomes, clientId, AttendanceEvent::getOccurredAt)) {
            best = max(best, new Latest(a.getOccurredAt(), a.getProgramId(), a.getClinicId()));
        }
        for (SurveyEvent s : lastInstant(surveys, clientId, SurveyEvent::getOccurredAt)) {
            best = max(best, new Latest(s.getOccurredAt(), s.getProgramId(), s.getClinicId()));
        }
        return best;
    }

    private static Latest max(Latest a, Latest b) {
        return a == null || Latest.ORDER.compare(b, a) > 0 ? b : a;
    }

    /** The entries at the client's latest instant in one store. */
    private static <V> List<V> lastInstant(KeyValueStore<String, V> store, String clientId,
                                           java.util.function.Function<V, Instant> timeOf) {
        V last = null;
        try (KeyValueIterator<String, V> it = store.reverseRange(ClientKeys.first(clientId), ClientKeys.last(clientId))) {
            if (it.hasNext()) {
                last = it.next().value;
            }
        }
        if (last == null) {
            return List.of();
        }
        long at = timeOf.apply(last).toEpochMilli();
        return values(store, ClientKeys.from(clientId, at), ClientKeys.through(clientId, at));
    }

    private static <V> List<V> values(KeyValueStore<String, V> store, String from, String to) {
        List<V> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(from, to)) {
            it.forEachRemaining((KeyValue<String, V> kv) -> out.add(kv.value));
        }
        return out;
    }

    private static String eventId(SpecificRecord event) {
        if (event instanceof EpisodeEvent e) {
            return e.getEventId();
        }
        if (event instanceof SurveyEvent s) {
            return s.getEventId();
        }
        if (event instanceof AttendanceEvent a) {
            return a.getEventId();
        }
        throw new IllegalArgumentException("Not a client event: " + event.getClass().getSimpleName());
    }

    private static Instant recordedAt(AttendanceEvent a) {
        return a.getRecordedAt() != null ? a.getRecordedAt() : a.getOccurredAt();
    }
}
