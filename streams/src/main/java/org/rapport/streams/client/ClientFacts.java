package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.ClientHistory;

/**
 * Adds an event to a client's history. Every operation is idempotent and commutative — a set insert keyed by
 * {@code event_id}, or for attendance a "keep the greatest (recorded_at, event_id) per session" — so the
 * history, and all that is derived from it, depends only on the set of events received.
 */
public final class ClientFacts {

    /** SPEC §2: of several attendance events for one session and client, the greatest (recorded_at, event_id) stands. */
    static final Comparator<AttendanceEvent> CORRECTION_ORDER =
            Comparator.comparing(ClientFacts::recordedAt).thenComparing(AttendanceEvent::getEventId);

    private ClientFacts() {
    }

    public static ClientHistory empty(String clientId) {
        return ClientHistory.newBuilder().setClientId(clientId).setEpisodeEvents(new ArrayList<>())
                .setAttendance(new ArrayList<>()).setAttendanceEventIds(new ArrayList<>()).setSurveys(new ArrayList<>()).setEmittedAlerts(new ArrayList<>())
                .setEmittedFacts(new HashMap<>()).setWakeAt(null).build();
    }

    /** Adds the event; returns false when the history already held it (a duplicate or an outranked correction). */
    public static boolean add(ClientHistory history, SpecificRecord event) {
        if (event instanceof EpisodeEvent e) {
            return addOnce(history.getEpisodeEvents(), e, e.getEventId(), EpisodeEvent::getEventId);
        }
        if (event instanceof SurveyEvent s) {
            return addOnce(history.getSurveys(), s, s.getEventId(), SurveyEvent::getEventId);
        }
        if (event instanceof AttendanceEvent a) {
            if (history.getAttendanceEventIds().contains(a.getEventId())) {
                return false;
            }
            history.getAttendanceEventIds().add(a.getEventId());
            return addAttendance(history.getAttendance(), a);
        }
        throw new IllegalArgumentException("Not a client event: " + event.getClass().getSimpleName());
    }

    private static <T> boolean addOnce(List<T> list, T event, String eventId,
                                       java.util.function.Function<T, String> idOf) {
        for (T existing : list) {
            if (idOf.apply(existing).equals(eventId)) {
                return false;
            }
        }
        list.add(event);
        return true;
    }

    private static boolean addAttendance(List<AttendanceEvent> standing, AttendanceEvent a) {
        for (int i = 0; i < standing.size(); i++) {
            AttendanceEvent current = standing.get(i);
            if (current.getSessionId().equals(a.getSessionId())) {
                if (CORRECTION_ORDER.compare(a, current) > 0) {
                    standing.set(i, a);
                    return true;
                }
                return false;
            }
        }
        standing.add(a);
        return true;
    }

    private static Instant recordedAt(AttendanceEvent a) {
        return a.getRecordedAt() != null ? a.getRecordedAt() : a.getOccurredAt();
    }
}
