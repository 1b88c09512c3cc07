package org.rapport.streams.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * An episode's attended sessions (SPEC §5.6 peer support: the topology joins each with its session's type). A
 * session folded in order adds one row; an episode folded again is compared with the rows it had sent.
 */
final class AllianceSessionRows {

    private final ProcessorContext<String, Derived> context;
    private final KeyValueStore<String, AllianceSession> sent;

    AllianceSessionRows(ProcessorContext<String, Derived> context) {
        this.context = context;
        this.sent = context.getStateStore(ClientStores.ALLIANCE_SESSIONS);
    }

    /** The next session of the episode, folded in order. */
    void added(String clientId, Episode e, SessionOutcome o, long ts) {
        if (o.attended()) {
            AllianceSession row = AllianceFacts.session(e, o);
            sent.put(storeKey(clientId, e, o.sessionId()), row);
            send(AllianceFacts.sessionKey(e, o), row, ts);
        }
    }

    /** The episode folded again from {@code outcomes}, or dissolved (none). */
    void replayed(String clientId, Episode e, List<SessionOutcome> outcomes, long ts) {
        String prefix = ClientKeys.episode(clientId, e.admittedAt()) + "|";
        Map<String, AllianceSession> before = new HashMap<>();
        try (KeyValueIterator<String, AllianceSession> it = sent.range(prefix, prefix + "~")) {
            it.forEachRemaining(kv -> before.put(kv.key, kv.value));
        }
        Map<String, SessionOutcome> attended = new HashMap<>();
        outcomes.stream().filter(SessionOutcome::attended)
                .forEach(o -> attended.put(storeKey(clientId, e, o.sessionId()), o));
        before.forEach((key, row) -> {
            if (!attended.containsKey(key)) {
                sent.delete(key);
                send(e.key() + "|" + row.getSessionId(), null, ts);
            }
        });
        attended.forEach((key, o) -> {
            AllianceSession row = AllianceFacts.session(e, o);
            if (!row.equals(before.get(key))) {
                sent.put(key, row);
                send(AllianceFacts.sessionKey(e, o), row, ts);
            }
        });
    }

    private static String storeKey(String clientId, Episode e, String sessionId) {
        return ClientKeys.episode(clientId, e.admittedAt()) + "|" + sessionId;
    }

    private void send(String key, AllianceSession row, long ts) {
        context.forward(new Record<>(key, new Derived(Derived.Kind.ALLIANCE_SESSION_FACT, row), ts));
    }
}
