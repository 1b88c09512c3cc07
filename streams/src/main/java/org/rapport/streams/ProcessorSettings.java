package org.rapport.streams;

import java.util.Map;
import org.rapport.config.RapportConfig;

/**
 * Rapport settings that processors read at initialisation: {@code StreamsSettings} puts them into the Streams
 * properties under a prefix of their own, and a processor reads them from {@code appConfigs()}, with the default
 * configuration's value where one is missing (tests' drivers). The topology itself then needs no configuration.
 */
public final class ProcessorSettings {

    private static final String PREFIX = "rapport.";

    private ProcessorSettings() {
    }

    /** The Streams properties carrying these Rapport keys' numeric values. */
    public static Map<String, Object> properties(RapportConfig config, String... keys) {
        Map<String, Object> out = new java.util.HashMap<>();
        for (String key : keys) {
            out.put(PREFIX + key, config.longValue(key));
        }
        return Map.copyOf(out);
    }

    /** The number set for {@code key}, else the default configuration's. */
    public static long number(Map<String, Object> appConfigs, String key) {
        Object value = appConfigs.get(PREFIX + key);
        if (value == null) {
            return RapportConfig.defaults().longValue(key);
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
    }
}
