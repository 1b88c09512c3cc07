package org.rapport.streams.clinicfeed;

import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.streams.ProcessorSettings;

/**
 * The bounds of the clinic feed's state, passed to its processors as {@link ProcessorSettings}.
 *
 * @param days           days of counts kept, before the stream time of the partition
 * @param rejectionsKept dead letters kept per clinic and partition (the newest)
 */
public record ClinicFeedSettings(int days, int rejectionsKept) {

    static final String DAYS = "clinic.feed.days";
    static final String REJECTIONS_KEPT = "clinic.feed.rejections.kept";

    public ClinicFeedSettings {
        if (days < 1 || rejectionsKept < 1) {
            throw new IllegalArgumentException(DAYS + " and " + REJECTIONS_KEPT + " must be positive");
        }
    }

    /** The settings as Streams properties, for {@code StreamsSettings}. */
    public static Map<String, Object> properties(RapportConfig config) {
        return ProcessorSettings.properties(config, DAYS, REJECTIONS_KEPT);
    }

    /** From a processor's {@code appConfigs()}. */
    static ClinicFeedSettings from(Map<String, Object> appConfigs) {
        return new ClinicFeedSettings(Math.toIntExact(ProcessorSettings.number(appConfigs, DAYS)),
                Math.toIntExact(ProcessorSettings.number(appConfigs, REJECTIONS_KEPT)));
    }
}
