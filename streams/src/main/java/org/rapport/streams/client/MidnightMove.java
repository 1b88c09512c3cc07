package org.rapport.streams.client;

import java.time.Instant;
import org.rapport.avro.ClientStatus;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * A client's status at a UTC midnight when nothing but time changed for it (SPEC §5.2). Its as_of is
 * max(latest event, midnight at or before stream time), and the stored row's as_of is at or after the client's latest
 * event, so the new as_of is the later of the two. With no attended or missed session in the stored 28-day window,
 * the moved window is empty too: a session after the stored as_of would have been an event of the client, and its
 * status would have been computed then. Every other field depends on the client's facts and alerts only, and an
 * alert that time makes fire (a deadline) recomputes the status when it fires, before the midnight pass.
 */
final class MidnightMove {

    private MidnightMove() {
    }

    /** True when the stored 28-day window holds no attended or missed session. */
    static boolean windowStaysEmpty(ClientStatus stored) {
        return stored.getAttended28d() == 0 && stored.getMissed28d() == 0;
    }

    /** The stored row with as_of moved to stream time {@code now}'s midnight, if that is later. */
    static ClientStatus moved(ClientStatus stored, Instant now) {
        Instant midnight = UtcCalendar.midnightAtOrBefore(now);
        return midnight.isAfter(stored.getAsOf()) ? ClientStatus.newBuilder(stored).setAsOf(midnight).build() : stored;
    }
}
