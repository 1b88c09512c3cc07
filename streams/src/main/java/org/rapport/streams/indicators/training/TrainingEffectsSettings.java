package org.rapport.streams.indicators.training;

import java.time.Duration;
import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.streams.ProcessorSettings;

/**
 * How often the training-effects stage publishes changed rows, passed to its processor as {@link ProcessorSettings}.
 *
 * @param publishInterval wall-clock time between two publications of the trainings that changed
 */
public record TrainingEffectsSettings(Duration publishInterval) {

    static final String PUBLISH_INTERVAL_MS = "training.effects.publish.interval.ms";

    public TrainingEffectsSettings {
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException(PUBLISH_INTERVAL_MS + " must be positive");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return ProcessorSettings.properties(config, PUBLISH_INTERVAL_MS);
    }

    /** From a processor's {@code appConfigs()}. */
    static TrainingEffectsSettings from(Map<String, Object> appConfigs) {
        return new TrainingEffectsSettings(Duration.ofMillis(ProcessorSettings.number(appConfigs, PUBLISH_INTERVAL_MS)));
    }
}
