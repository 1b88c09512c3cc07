package org.rapport.streams.client;

import java.time.Duration;
import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.streams.ProcessorSettings;

/**
 * How the midnight pass ({@link MidnightPass}) is spread, passed to the client processor as {@link ProcessorSettings}.
 *
 * @param interval        wall-clock time between two steps of a pass in progress
 * @param clientsPerStep  clients one step visits (per task)
 */
public record MidnightPassSettings(Duration interval, int clientsPerStep) {

    public static final String INTERVAL_MS = "client.midnight.pass.interval.ms";
    static final String CLIENTS_PER_STEP = "client.midnight.pass.clients.per.step";

    public MidnightPassSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(INTERVAL_MS + " must be positive");
        }
        if (clientsPerStep < 1) {
            throw new IllegalArgumentException(CLIENTS_PER_STEP + " must be at least 1");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return ProcessorSettings.properties(config, INTERVAL_MS, CLIENTS_PER_STEP);
    }

    /** From a processor's {@code appConfigs()}. */
    public static MidnightPassSettings from(Map<String, Object> appConfigs) {
        long clients = ProcessorSettings.number(appConfigs, CLIENTS_PER_STEP);
        return new MidnightPassSettings(Duration.ofMillis(ProcessorSettings.number(appConfigs, INTERVAL_MS)),
                (int) Math.min(Integer.MAX_VALUE, clients));
    }
}
