package org.rapport.streams.clinicfeed;

import java.util.Map;
import org.rapport.config.RapportConfig;

/**
 * The bounds of the clinic feed's state, passed to its processors through the Streams properties (they are read at
 * initialisation, so the topology itself needs no configuration).
 *
 * @param days           days of counts kept, before the stream time of the partition
 * @param rejectionsKept dead letters kept per clinic and partition (the newest)
 */
public record ClinicFeedSettings(int days, int rejectionsKept) {

    static final String DAYS = "clinic.feed.days";
    static final String REJECTIONS_KEPT = "clinic.feed.rejections.kept";
    /** The Streams property names: Rapport's keys under a prefix of their own. */
    private static final String PREFIX = "rapport.";

    public ClinicFeedSettings {
        if (days < 1 || rejectionsKept < 1) {
            throw new IllegalArgumentException(DAYS + " and " + REJECTIONS_KEPT + " must be positive");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return Map.of(PREFIX + DAYS, config.integer(DAYS), PREFIX + REJECTIONS_KEPT, config.integer(REJECTIONS_KEPT));
    }

    /** From a processor's {@code appConfigs()}; the defaults where a property is missing (tests' drivers). */
    static ClinicFeedSettings from(Map<String, Object> appConfigs) {
        RapportConfig defaults = RapportConfig.defaults();
        return new ClinicFeedSettings(number(appConfigs.get(PREFIX + DAYS), defaults.integer(DAYS)),
                number(appConfigs.get(PREFIX + REJECTIONS_KEPT), defaults.integer(REJECTIONS_KEPT)));
    }

    private static int number(Object value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
    }
}
