package org.rapport.streams.client;

import java.time.Instant;

/**
 * Keys of the client stage's stores. A client's entries share the prefix {@code client_id|} and sort by event time
 * (zero-padded epoch millis) and then by id, so one client's facts of a time range are one range scan. Client ids
 * are lower-case hex and event, session and program ids use {@code A-Za-z0-9._:-} (validated at the edge), all
 * below {@code '|'} and {@code '~'} in byte order, so {@code '~'} closes a range.
 */
final class ClientKeys {

    private static final String AFTER_EVERY_ID = "~";

    private ClientKeys() {
    }

    /** {@code client|time|id}. */
    static String timed(String clientId, Instant at, String id) {
        return clientId + "|" + pad(at.toEpochMilli()) + "|" + id;
    }

    /** The first possible key of a client at or after {@code millis}. */
    static String from(String clientId, long millis) {
        return clientId + "|" + pad(millis) + "|";
    }

    /** The last possible key of a client at or before {@code millis}. */
    static String through(String clientId, long millis) {
        return clientId + "|" + pad(millis) + "|" + AFTER_EVERY_ID;
    }

    /** Every key of a client. */
    static String first(String clientId) {
        return clientId + "|";
    }

    static String last(String clientId) {
        return clientId + "|" + AFTER_EVERY_ID;
    }

    /** {@code client|id}: an entry per client and session, or per client and event id. */
    static String of(String clientId, String id) {
        return clientId + "|" + id;
    }

    /** An episode's state: {@code client|admission millis}, in admission order. */
    static String episode(String clientId, Instant admittedAt) {
        return clientId + "|" + pad(admittedAt.toEpochMilli());
    }

    /** Epoch millis, zero-padded to 19 digits so that string order is time order (times before 1970 are refused at the edge). */
    static String pad(long millis) {
        String digits = Long.toString(Math.max(0, millis));
        return ZEROS.substring(digits.length()) + digits;
    }

    private static final String ZEROS = "0000000000000000000";
}
