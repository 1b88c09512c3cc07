package org.rapport.streams.client;

import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.streams.indicators.alerts.AlertIds;

/**
 * Sends what changed in a client's alerts in effect: new or changed alerts, and a RETRACTED for each that vanished
 * (SPEC §5.3). Compared as values, never re-encoded.
 */
final class AlertOutput {

    private final ProcessorContext<String, Derived> context;
    private final KeyValueStore<String, Alert> inEffect;

    AlertOutput(ProcessorContext<String, Derived> context) {
        this.context = context;
        this.inEffect = context.getStateStore(ClientStores.ALERTS);
    }

    /** @param before and {@code after}: the alerts by id, before and after, of the episodes derived again */
    void sendChanges(String clientId, Map<String, Alert> before, Map<String, Alert> after, long ts) {
        for (Alert alert : after.values()) {
            if (!alert.equals(before.get(alert.getAlertId()))) {
                send(clientId, alert, ts);
            }
        }
        for (Alert gone : before.values()) {
            if (!after.containsKey(gone.getAlertId())) {
                inEffect.delete(gone.getAlertId());
                context.forward(new Record<>(clientId, new Derived(Derived.Kind.ALERT, retraction(gone)), ts));
            }
        }
    }

    /** Sends an alert unless the same one is already in effect. */
    void sendIfNew(String clientId, Alert alert, long ts) {
        if (!alert.equals(inEffect.get(alert.getAlertId()))) {
            send(clientId, alert, ts);
        }
    }

    private void send(String clientId, Alert alert, long ts) {
        inEffect.put(alert.getAlertId(), alert);
        context.forward(new Record<>(clientId, new Derived(Derived.Kind.ALERT, alert), ts));
    }

    static Alert retraction(Alert gone) {
        return Alert.newBuilder(gone).setAlertId(AlertIds.retractionOf(gone.getAlertId())).setKind(AlertKind.RETRACTED)
                .setDetail("withdrawn: with the events now known, " + gone.getKind() + " would not have fired")
                .setRetracts(gone.getAlertId()).build();
    }
}
