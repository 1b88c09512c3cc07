package org.rapport.streams.indicators.cohorts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.internal.EpisodeFact;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.UtcCalendar;

/** Per-episode cohort facts (SPEC §5.5), keyed by episode key; aggregated by program and admission month. */
public final class EpisodeFacts {

    private EpisodeFacts() {
    }

    /**
     * The cohort facts of one episode at stream time {@code streamTime}.
     *
     * @param initiated and {@code engaged}: HEDIS IET, from the episode's attended sessions (see {@link Iet})
     * @param dropout   the episode's effective DROPOUT, if any
     */
    public static EpisodeFact fact(Episode e, boolean initiated, boolean engaged, Optional<Alert> dropout,
                                   Instant streamTime, Rules rules) {
        List<Boolean> eligible = new ArrayList<>();
        List<Boolean> retained = new ArrayList<>();
        for (int days : rules.retentionDays()) {
            Instant dayN = Retention.dayN(e, days);
            boolean isEligible = streamTime.isAfter(dayN);
            eligible.add(isEligible);
            retained.add(isEligible && Retention.retainedThrough(e, dropout.map(Alert::getAt), dayN));
        }
        return EpisodeFact.newBuilder()
                .setProgramId(e.programId())
                .setMonth(UtcCalendar.month(e.admittedAt()))
                .setInitiated(initiated)
                .setEngaged(engaged)
                .setEligible(eligible)
                .setRetained(retained)
                .setCompleted(e.dischargeReason() == DischargeReason.COMPLETED)
                .setDroppedOut(dropout.isPresent())
                .setLosDays(e.isOpen() ? null : lengthOfStayDays(e))
                .build();
    }

    /** Calendar days between the admission and discharge dates, at least 1. */
    static int lengthOfStayDays(Episode e) {
        long days = UtcCalendar.daysBetween(UtcCalendar.date(e.admittedAt()), UtcCalendar.date(e.dischargedAt()));
        return (int) Math.max(1, days);
    }

    /** The next instant at which stream time alone changes an episode's facts: a retention day not yet passed. */
    public static Optional<Instant> nextEligibility(Episode e, Instant streamTime, Rules rules) {
        Instant next = null;
        for (int days : rules.retentionDays()) {
            Instant dayN = Retention.dayN(e, days);
            if (!streamTime.isAfter(dayN) && (next == null || dayN.isBefore(next))) {
                next = dayN;
            }
        }
        return Optional.ofNullable(next);
    }
}
