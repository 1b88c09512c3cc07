package org.rapport.streams.indicators.alerts;

import java.time.Instant;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.streams.timeline.Episode;

/** Builds alert records with their deterministic ids. */
final class AlertFactory {

    private AlertFactory() {
    }

    static Alert episodeAlert(String clientId, Episode episode, AlertKind kind, Instant at, String detail) {
        return alert(clientId, episode.clinicId(), episode.programId(), kind, at, detail);
    }

    static Alert alert(String clientId, String clinicId, String programId, AlertKind kind, Instant at,
                       String detail) {
        return Alert.newBuilder().setAlertId(AlertIds.of(clientId, kind, at)).setClientId(clientId)
                .setClinicId(clinicId).setProgramId(programId).setKind(kind).setAt(at).setDetail(detail)
                .setRetracts(null).build();
    }
}
