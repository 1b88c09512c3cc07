package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rapport.avro.Alert;
import org.rapport.avro.internal.RaisedAlert;
import org.rapport.streams.indicators.alerts.AlertRules;

/**
 * Episode alerts in the client stage's stores: only what the rule raised (kind, time, detail), a third of an alert's
 * bytes; the alert id, client, clinic and program are rebuilt from the client and the episode.
 */
final class RaisedAlerts {

    private RaisedAlerts() {
    }

    static RaisedAlert of(Alert alert) {
        return RaisedAlert.newBuilder().setKind(alert.getKind()).setAt(alert.getAt().toEpochMilli())
                .setDetail(alert.getDetail()).build();
    }

    static List<RaisedAlert> of(List<Alert> alerts) {
        List<RaisedAlert> out = new ArrayList<>(alerts.size());
        alerts.forEach(a -> out.add(of(a)));
        return out;
    }

    static Alert toAlert(String clientId, String clinicId, String programId, RaisedAlert raised) {
        return AlertRules.episodeAlert(clientId, clinicId, programId, raised.getKind(), Instant.ofEpochMilli(raised.getAt()),
                raised.getDetail());
    }

    static List<Alert> toAlerts(String clientId, String clinicId, String programId, List<RaisedAlert> raised) {
        List<Alert> out = new ArrayList<>(raised.size());
        raised.forEach(r -> out.add(toAlert(clientId, clinicId, programId, r)));
        return out;
    }
}
