package org.rapport.streams.client;

import java.util.concurrent.atomic.LongAdder;

/**
 * SPEC §5: an ADMITTED while an episode is open, or a DISCHARGED while none is, is ignored and counted as a
 * data-quality problem. This is that count for the Streams tasks of this JVM (exported as
 * {@code rapport_data_quality_problems_total}); it grows when a client's history gains such an event.
 */
public final class DataQuality {

    private static final LongAdder IGNORED_EPISODE_EVENTS = new LongAdder();

    private DataQuality() {
    }

    static void ignoredEpisodeEvents(int more) {
        IGNORED_EPISODE_EVENTS.add(more);
    }

    public static long problems() {
        return IGNORED_EPISODE_EVENTS.sum();
    }
}
