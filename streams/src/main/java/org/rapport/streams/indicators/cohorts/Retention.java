package org.rapport.streams.indicators.cohorts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.rapport.streams.timeline.Episode;

/** Retention checkpoints (SPEC §5.5): day N of an episode is admission + N × 24 h. */
public final class Retention {

    private Retention() {
    }

    public static Instant dayN(Episode e, int days) {
        return e.admittedAt().plus(Duration.ofDays(days));
    }

    /** No discharge and no effective DROPOUT at or before day N. */
    public static boolean retainedThrough(Episode e, Optional<Instant> dropoutAt, Instant dayN) {
        boolean dischargedBy = !e.isOpen() && !e.dischargedAt().isAfter(dayN);
        boolean droppedOutBy = dropoutAt.isPresent() && !dropoutAt.get().isAfter(dayN);
        return !dischargedBy && !droppedOutBy;
    }
}
