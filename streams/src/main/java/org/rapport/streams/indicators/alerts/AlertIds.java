package org.rapport.streams.indicators.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.rapport.avro.AlertKind;

/** Deterministic alert ids (SPEC §5.3): a name-based UUID of client, kind and time. */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String clientId, AlertKind kind, Instant at) {
        return uuid(clientId + "|" + kind + "|" + at.toEpochMilli());
    }

    /** The id of the retraction of {@code alertId}: one per withdrawn alert. */
    public static String retractionOf(String alertId) {
        return uuid("RETRACTED|" + alertId);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
