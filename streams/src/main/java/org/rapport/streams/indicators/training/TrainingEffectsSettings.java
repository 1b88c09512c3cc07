package org.rapport.streams.indicators.training;

import java.time.Duration;
import java.util.Map;
import org.rapport.config.RapportConfig;

/**
 * How often the training-effects stage publishes changed rows, passed to its processor through the Streams
 * properties (read at initialisation, so the topology itself needs no configuration).
 *
 * @param publishInterval wall-clock time between two publications of the trainings that changed
 */
public record TrainingEffectsSettings(Duration publishInterval) {

    static final String PUBLISH_INTERVAL_MS = "training.effects.publish.interval.ms";
    /** The Streams property name: Rapport's key under a prefix of its own. */
    private static final String PREFIX = "rapport.";

    public TrainingEffectsSettings {
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException(PUBLISH_INTERVAL_MS + " must be positive");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return Map.of(PREFIX + PUBLISH_INTERVAL_MS, config.longValue(PUBLISH_INTERVAL_MS));
    }

    /** From a processor's {@code appConfigs()}; the default where the property is missing (tests' drivers). */
    static TrainingEffectsSettings from(Map<String, Object> appConfigs) {
        Object value = appConfigs.get(PREFIX + PUBLISH_INTERVAL_MS);
        long millis = value == null ? RapportConfig.defaults().longValue(PUBLISH_INTERVAL_MS)
                : value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
        return new TrainingEffectsSettings(Duration.ofMillis(millis));
    }
}
