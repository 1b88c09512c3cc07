package org.rapport.streams.indicators.cohorts;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.rapport.streams.rules.Rules;

/**
 * HEDIS IET windows on UTC dates (SPEC §5.5): initiation is an attended session on the admission date or the
 * 13 dates after; engagement is at least two more attended sessions dated from the day after the first such
 * session through 34 days after it.
 */
public final class Iet {

    private Iet() {
    }

    /** The date of the first initiating session, if the episode initiated. */
    public static Optional<LocalDate> initiatingDate(LocalDate admission, List<LocalDate> attendedDates, Rules rules) {
        LocalDate last = admission.plusDays(rules.ietInitiationDays() - 1L);
        return attendedDates.stream().filter(d -> !d.isBefore(admission) && !d.isAfter(last)).min(LocalDate::compareTo);
    }

    public static boolean engaged(LocalDate initiation, List<LocalDate> attendedDates, Rules rules) {
        LocalDate from = initiation.plusDays(1);
        LocalDate to = initiation.plusDays(rules.ietEngagementDays());
        long more = attendedDates.stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).count();
        return more >= rules.ietEngagementSessions();
    }
}
