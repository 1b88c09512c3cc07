package org.rapport.streams.client;

import java.time.Duration;
import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.streams.ProcessorSettings;

/**
 * How the midnight pass ({@link MidnightPass}) is spread, passed to the client processor as {@link ProcessorSettings}.
 *
 * @param interval          wall-clock time between two steps of a pass in progress
 * @param clientsPerStep    clients one wall-clock step visits (per task)
 * @param clientsPerRecord  clients each record visits besides (per task): in a replay, which crosses days within
 *                          seconds, the pass then keeps pace with event time as well as with the wall clock
 */
public record MidnightPassSettings(Duration interval, int clientsPerStep, int clientsPerRecord) {

    public static final String INTERVAL_MS = "client.midnight.pass.interval.ms";
    static final String CLIENTS_PER_STEP = "client.midnight.pass.clients.per.step";
    static final String CLIENTS_PER_RECORD = "client.midnight.pass.clients.per.record";

    public MidnightPassSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(INTERVAL_MS + " must be positive");
        }
        if (clientsPerStep < 1) {
            throw new IllegalArgumentException(CLIENTS_PER_STEP + " must be at least 1");
        }
        if (clientsPerRecord < 0) {
            throw new IllegalArgumentException(CLIENTS_PER_RECORD + " must not be negative");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return ProcessorSettings.properties(config, INTERVAL_MS, CLIENTS_PER_STEP, CLIENTS_PER_RECORD);
    }

    /** From a processor's {@code appConfigs()}. */
    public static MidnightPassSettings from(Map<String, Object> appConfigs) {
        return new MidnightPassSettings(Duration.ofMillis(ProcessorSettings.number(appConfigs, INTERVAL_MS)),
                count(appConfigs, CLIENTS_PER_STEP), count(appConfigs, CLIENTS_PER_RECORD));
    }

    private static int count(Map<String, Object> appConfigs, String key) {
        return Math.toIntExact(ProcessorSettings.number(appConfigs, key));
    }
}
