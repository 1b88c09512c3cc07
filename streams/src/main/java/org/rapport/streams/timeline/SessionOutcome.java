package org.rapport.streams.timeline;

import java.time.Instant;
import java.util.Comparator;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;

/**
 * A client's standing attendance at one session, reduced to what the indicators use (SPEC §2): attended
 * ({@code ATTENDED}, {@code LATE}, {@code LEFT_EARLY}) or missed ({@code NO_SHOW}, {@code CANCELLED_BY_CLIENT}).
 * {@code CANCELLED_BY_PROGRAM} is neither and never becomes an outcome.
 */
public record SessionOutcome(String sessionId, Instant at, boolean attended, String programId, String eventId) {

    /** Event-time order; the event id breaks ties so the order never depends on arrival. */
    public static final Comparator<SessionOutcome> IN_TIME_ORDER =
            Comparator.comparing(SessionOutcome::at).thenComparing(SessionOutcome::eventId);

    public boolean missed() {
        return !attended;
    }

    /** The outcome of a standing attendance, or null when it counts as neither. */
    public static SessionOutcome of(AttendanceEvent a) {
        Boolean attended = isAttended(a.getStatus());
        return attended == null ? null
                : new SessionOutcome(a.getSessionId(), a.getOccurredAt(), attended, a.getProgramId(), a.getEventId());
    }

    /** True = attended, false = missed, null = neither. */
    public static Boolean isAttended(AttendanceStatus status) {
        return switch (status) {
            case ATTENDED, LATE, LEFT_EARLY -> true;
            case NO_SHOW, CANCELLED_BY_CLIENT -> false;
            case CANCELLED_BY_PROGRAM -> null;
        };
    }
}
