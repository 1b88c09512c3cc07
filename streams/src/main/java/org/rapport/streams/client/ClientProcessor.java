package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.internal.ClientHistory;
import org.rapport.streams.indicators.alerts.AlertIds;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.serde.FactHash;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * Keeps each client's history and sends what changed in its derived state (SPEC §9 "order independence by
 * construction"). On every event of a client its whole derived state is recomputed from the history and
 * diffed against what was sent before: new or changed alerts and facts are sent, vanished alerts are
 * RETRACTED and vanished facts are deleted. Stream time (the largest occurred_at seen, ticks included) wakes
 * clients whose deadlines or retention days pass, and every client at each UTC midnight.
 */
public final class ClientProcessor implements Processor<String, SpecificRecord, String, Derived> {

    private static final String STREAM_TIME = "stream-time";
    private static final String LAST_MIDNIGHT = "last-midnight";

    private final Rules rules;
    private ProcessorContext<String, Derived> context;
    private KeyValueStore<String, ClientHistory> histories;
    private KeyValueStore<String, ClientStatus> statuses;
    private KeyValueStore<String, Alert> alerts;
    private KeyValueStore<String, Long> clock;
    private WakeSchedule wakes;

    public ClientProcessor(Rules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Derived> context) {
        this.context = context;
        this.histories = context.getStateStore(ClientStores.HISTORY);
        this.statuses = context.getStateStore(ClientStores.STATUS);
        this.alerts = context.getStateStore(ClientStores.ALERTS);
        this.clock = context.getStateStore(ClientStores.CLOCK);
        this.wakes = new WakeSchedule(context.getStateStore(ClientStores.WAKES));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Instant now = advanceStreamTime(record.timestamp());
        if (record.value() != null) {
            String clientId = record.key();
            ClientHistory history = Optional.ofNullable(histories.get(clientId)).orElseGet(() -> ClientFacts.empty(clientId));
            if (ClientFacts.add(history, record.value())) {
                recompute(history, now, true);
            }
        }
        for (String clientId : wakes.due(now)) {
            recomputeStored(clientId, now);
        }
        Instant midnight = UtcCalendar.midnightAtOrBefore(now);
        Long lastMidnight = clock.get(LAST_MIDNIGHT);
        if (lastMidnight == null || midnight.toEpochMilli() > lastMidnight) {
            clock.put(LAST_MIDNIGHT, midnight.toEpochMilli());
            if (lastMidnight != null) {
                recomputeEveryClient(now);
            }
        }
    }

    private Instant advanceStreamTime(long timestamp) {
        Long current = clock.get(STREAM_TIME);
        long now = current == null ? timestamp : Math.max(current, timestamp);
        if (current == null || now != current) {
            clock.put(STREAM_TIME, now);
        }
        return Instant.ofEpochMilli(now);
    }

    private void recomputeEveryClient(Instant now) {
        List<String> clients = new ArrayList<>();
        try (KeyValueIterator<String, ClientHistory> all = histories.all()) {
            all.forEachRemaining(kv -> clients.add(kv.key));
        }
        for (String clientId : clients) {
            ClientHistory history = histories.get(clientId);
            if (history != null) {
                recomputeForNewDay(history, now);
            }
        }
    }

    /**
     * A new day for a client without new events: only the status and the counselor window can change (deadlines
     * and retention days have their own wake-ups, handled before). If the alerts turn out different after all,
     * the full recomputation takes over, so the shortcut can never change a result.
     */
    private void recomputeForNewDay(ClientHistory history, Instant now) {
        ClientDerivation derived = ClientDerivation.forNewDay(history, now, rules);
        if (!sameAlerts(history.getEmittedAlerts(), derived.alerts())) {
            recompute(history, now, false);
            return;
        }
        String clientId = history.getClientId();
        long ts = now.toEpochMilli();
        sendStatus(clientId, derived.status(), ts);
        Map<String, Long> factsBefore = history.getEmittedFacts();
        history.setEmittedFacts(sendFactChanges(factsBefore, derived.facts(), ts));
        if (!history.getEmittedFacts().equals(factsBefore)) {
            histories.put(clientId, history);
        }
    }

    private static boolean sameAlerts(List<Alert> emitted, Map<String, Alert> derived) {
        if (emitted.size() != derived.size()) {
            return false;
        }
        for (Alert a : emitted) {
            if (!a.equals(derived.get(a.getAlertId()))) {
                return false;
            }
        }
        return true;
    }

    private void sendStatus(String clientId, ClientStatus status, long ts) {
        if (!status.equals(statuses.get(clientId))) {
            statuses.put(clientId, status);
            context.forward(new Record<>(clientId, new Derived(Derived.Kind.STATUS, status), ts));
        }
    }

    private void recomputeStored(String clientId, Instant now) {
        ClientHistory history = histories.get(clientId);
        if (history != null) {
            recompute(history, now, false);
        }
    }

    /**
     * @param historyChanged false when only time moved on: then the stored history is rewritten only if what was
     *                       sent or the wake-up changed (a history is kilobytes, and every client is woken daily)
     */
    private void recompute(ClientHistory history, Instant now, boolean historyChanged) {
        String clientId = history.getClientId();
        ClientDerivation derived = ClientDerivation.derive(history, now, rules);
        long ts = now.toEpochMilli();
        sendStatus(clientId, derived.status(), ts);
        List<Alert> alertsBefore = history.getEmittedAlerts();
        Map<String, Long> factsBefore = history.getEmittedFacts();
        Long wakeBefore = history.getWakeAt();
        history.setEmittedAlerts(sendAlertChanges(clientId, alertsBefore, derived.alerts(), ts));
        history.setEmittedFacts(sendFactChanges(factsBefore, derived.facts(), ts));
        history.setWakeAt(wakes.reschedule(clientId, wakeBefore, derived.wakeAt()));
        if (derived.dataQualityProblems() > history.getDataQualityProblems()) {
            DataQuality.ignoredEpisodeEvents(derived.dataQualityProblems() - history.getDataQualityProblems());
        }
        history.setDataQualityProblems(derived.dataQualityProblems());
        if (historyChanged || !history.getEmittedAlerts().equals(alertsBefore)
                || !history.getEmittedFacts().equals(factsBefore) || !java.util.Objects.equals(history.getWakeAt(), wakeBefore)) {
            histories.put(clientId, history);
        }
    }

    private List<Alert> sendAlertChanges(String clientId, List<Alert> before, Map<String, Alert> now, long ts) {
        Map<String, Alert> previous = new HashMap<>();
        before.forEach(a -> previous.put(a.getAlertId(), a));
        for (Alert alert : now.values()) {
            if (!alert.equals(previous.get(alert.getAlertId()))) {
                alerts.put(alert.getAlertId(), alert);
                context.forward(new Record<>(clientId, new Derived(Derived.Kind.ALERT, alert), ts));
            }
        }
        for (Alert gone : previous.values()) {
            if (!now.containsKey(gone.getAlertId())) {
                alerts.delete(gone.getAlertId());
                context.forward(new Record<>(clientId, new Derived(Derived.Kind.ALERT, retraction(gone)), ts));
            }
        }
        return new ArrayList<>(now.values());
    }

    static Alert retraction(Alert gone) {
        return Alert.newBuilder(gone).setAlertId(AlertIds.retractionOf(gone.getAlertId())).setKind(AlertKind.RETRACTED)
                .setDetail("withdrawn: with the events now known, " + gone.getKind() + " would not have fired")
                .setRetracts(gone.getAlertId()).build();
    }

    /** Sends the changed rows of the kinds in {@code facts}; rows of other kinds stay as they were sent. */
    private Map<String, Long> sendFactChanges(Map<String, Long> before,
                                              Map<Derived.Kind, Map<String, ? extends SpecificRecord>> facts, long ts) {
        Map<String, Long> sent = new LinkedHashMap<>();
        before.forEach((sentKey, hash) -> {
            if (!facts.containsKey(parseSentKey(sentKey).key)) {
                sent.put(sentKey, hash);
            }
        });
        facts.forEach((kind, rows) -> rows.forEach((key, fact) -> {
            String sentKey = kind.name() + ":" + key;
            long hash = FactHash.of(fact);
            Long previous = before.get(sentKey);
            if (previous == null || previous != hash) {
                context.forward(new Record<>(key, new Derived(kind, fact), ts));
            }
            sent.put(sentKey, hash);
        }));
        before.keySet().stream().filter(k -> !sent.containsKey(k)).forEach(sentKey -> {
            KeyValue<Derived.Kind, String> parsed = parseSentKey(sentKey);
            context.forward(new Record<>(parsed.value, new Derived(parsed.key, null), ts));
        });
        return sent;
    }

    private static KeyValue<Derived.Kind, String> parseSentKey(String sentKey) {
        int colon = sentKey.indexOf(':');
        return KeyValue.pair(Derived.Kind.valueOf(sentKey.substring(0, colon)), sentKey.substring(colon + 1));
    }
}
