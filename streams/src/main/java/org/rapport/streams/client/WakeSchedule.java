package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Episodes to derive again when stream time passes an instant (a deadline or a retention day). Keys are
 * {@code due time|client|admission time}, so stream time moving on reads only the range that fell due, in time
 * order: no pass over every client.
 */
final class WakeSchedule {

    /** An episode due for derivation. */
    record Wake(String clientId, long admittedAtMillis) {
    }

    private final KeyValueStore<String, String> store;

    WakeSchedule(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Removes and returns the episodes whose wake-up instant stream time has passed (strictly). */
    List<Wake> due(Instant now) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(ClientKeys.pad(0) + "|",
                ClientKeys.pad(now.toEpochMilli() - 1) + "|~")) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        List<Wake> due = new ArrayList<>();
        for (String key : keys) {
            store.delete(key);
            String[] parts = key.split("\\|");
            due.add(new Wake(parts[1], Long.parseLong(parts[2])));
        }
        return due;
    }

    /** Replaces an episode's scheduled wake-up. */
    void reschedule(String clientId, Instant admittedAt, Long previous, Long next) {
        if (previous != null && !previous.equals(next)) {
            store.delete(key(previous, clientId, admittedAt));
        }
        if (next != null && !next.equals(previous)) {
            store.put(key(next, clientId, admittedAt), "");
        }
    }

    private static String key(long dueMillis, String clientId, Instant admittedAt) {
        return ClientKeys.pad(dueMillis) + "|" + clientId + "|" + ClientKeys.pad(admittedAt.toEpochMilli());
    }
}
