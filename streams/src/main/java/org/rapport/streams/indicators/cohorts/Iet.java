package org.rapport.streams.indicators.cohorts;

import java.time.LocalDate;
import org.rapport.streams.rules.Rules;

/**
 * HEDIS IET windows on UTC dates (SPEC §5.5): initiation is an attended session on the admission date or the
 * 13 dates after; engagement is at least two more attended sessions dated from the day after the first such
 * session through 34 days after it.
 */
public final class Iet {

    private Iet() {
    }

    /** True when the episode's first attended session, on {@code date}, initiates treatment. */
    public static boolean initiates(LocalDate admission, LocalDate date, Rules rules) {
        return !date.isBefore(admission) && !date.isAfter(admission.plusDays(rules.ietInitiationDays() - 1L));
    }

    /** True when an attended session on {@code date} counts towards engagement after initiation on {@code initiation}. */
    public static boolean countsForEngagement(LocalDate initiation, LocalDate date, Rules rules) {
        return !date.isBefore(initiation.plusDays(1)) && !date.isAfter(initiation.plusDays(rules.ietEngagementDays()));
    }

    public static boolean engaged(int engagementSessions, Rules rules) {
        return engagementSessions >= rules.ietEngagementSessions();
    }
}
