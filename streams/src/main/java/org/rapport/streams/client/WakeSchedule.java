package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Clients to recompute when stream time passes an instant (a deadline or a retention day). Keys are
 * {@code zero-padded millis|client_id}, so a range scan from the start finds everything due, in time order.
 */
final class WakeSchedule {

    private static final String NOTHING_AFTER = "|~";

    private final KeyValueStore<String, String> store;

    WakeSchedule(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Removes and returns the clients whose wake-up instant stream time has passed (strictly). */
    List<String> due(Instant now) {
        List<String> keys = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(pad(0), pad(now.toEpochMilli() - 1) + NOTHING_AFTER)) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                clients.add(kv.value);
            });
        }
        keys.forEach(store::delete);
        return clients;
    }

    /** Replaces a client's scheduled wake-up; returns the new one (epoch millis) or null. */
    Long reschedule(String clientId, Long previous, Optional<Instant> next) {
        Long wanted = next.map(Instant::toEpochMilli).orElse(null);
        if (previous != null && !previous.equals(wanted)) {
            store.delete(key(previous, clientId));
        }
        if (wanted != null) {
            store.put(key(wanted, clientId), clientId);
        }
        return wanted;
    }

    private static String key(long millis, String clientId) {
        return pad(millis) + "|" + clientId;
    }

    private static String pad(long millis) {
        return String.format("%019d", Math.max(0, millis));
    }
}
