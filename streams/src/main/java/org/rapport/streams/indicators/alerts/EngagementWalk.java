package org.rapport.streams.indicators.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.DischargeReason;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * Walks one episode's sessions in event time and raises the engagement alerts of SPEC §5.3:
 * <ul>
 *   <li>AT_RISK at the Nth consecutive missed session, or when the inactivity deadline (last attended session,
 *       else admission, + 14 d) passes; not again until RE_ENGAGED;</li>
 *   <li>DROPOUT when the 30-day deadline passes, or at a discharge with reason DROPPED_OUT; at most once;</li>
 *   <li>RE_ENGAGED at the first attended session after an AT_RISK or DROPOUT.</li>
 * </ul>
 * A deadline is met by an attended session at or before it; otherwise it fires once stream time is past it
 * (strictly) while the episode is still open, and the alert carries the deadline as its time.
 */
final class EngagementWalk {

    private final String clientId;
    private final Episode episode;
    private final Instant now;
    private final Rules rules;
    private final List<Alert> alerts = new ArrayList<>();

    private Instant lastAttended;
    private int consecutiveMissed;
    private boolean awaitingReengagement;
    private boolean dropoutRaised;

    EngagementWalk(String clientId, Episode episode, Instant now, Rules rules) {
        this.clientId = clientId;
        this.episode = episode;
        this.now = now;
        this.rules = rules;
        this.lastAttended = episode.admittedAt();
    }

    /** The alerts of this episode, given its sessions in time order. */
    List<Alert> alerts(List<SessionOutcome> outcomes) {
        for (SessionOutcome o : outcomes) {
            fireDeadlinesBefore(o.at(), o.missed());
            if (o.attended()) {
                attended(o);
            } else {
                missed(o);
            }
        }
        fireDeadlinesBefore(now, false);
        if (episode.dischargeReason() == DischargeReason.DROPPED_OUT && !dropoutRaised) {
            dropoutRaised = true;
            raise(AlertKind.DROPOUT, episode.dischargedAt(), "discharged with reason DROPPED_OUT");
        }
        return alerts;
    }

    /** The earliest deadline that has not passed yet and could still fire, if any. */
    Optional<Instant> pendingDeadline() {
        return nextDeadline().map(Deadline::at).filter(this::beforeDischarge);
    }

    private void attended(SessionOutcome o) {
        if (awaitingReengagement) {
            awaitingReengagement = false;
            raise(AlertKind.RE_ENGAGED, o.at(), "attended a session after an alert");
        }
        lastAttended = o.at();
        consecutiveMissed = 0;
    }

    private void missed(SessionOutcome o) {
        consecutiveMissed++;
        if (consecutiveMissed >= rules.atRiskConsecutiveMissed() && !awaitingReengagement) {
            awaitingReengagement = true;
            raise(AlertKind.AT_RISK, o.at(), consecutiveMissed + " consecutive missed sessions");
        }
    }

    /**
     * Fires every deadline before {@code limit} (or at it, when the session there was missed and so cannot
     * meet it) that stream time has passed while the episode was open.
     */
    private void fireDeadlinesBefore(Instant limit, boolean inclusive) {
        Optional<Deadline> next = nextDeadline();
        while (next.isPresent()) {
            Instant d = next.get().at();
            boolean beforeLimit = d.isBefore(limit) || (inclusive && d.equals(limit));
            if (!beforeLimit || !d.isBefore(now) || !beforeDischarge(d)) {
                return;
            }
            awaitingReengagement = true;
            if (next.get().kind() == AlertKind.DROPOUT) {
                dropoutRaised = true;
            }
            raise(next.get().kind(), d, "no attended session for " + days(next.get().after()) + " days");
            next = nextDeadline();
        }
    }

    private record Deadline(AlertKind kind, Instant at, Duration after) {
    }

    private Optional<Deadline> nextDeadline() {
        Deadline atRisk = awaitingReengagement ? null
                : new Deadline(AlertKind.AT_RISK, lastAttended.plus(rules.atRiskInactivity()), rules.atRiskInactivity());
        Deadline dropout = dropoutRaised ? null
                : new Deadline(AlertKind.DROPOUT, lastAttended.plus(rules.dropoutInactivity()), rules.dropoutInactivity());
        if (atRisk == null || dropout == null) {
            return Optional.ofNullable(atRisk != null ? atRisk : dropout);
        }
        return Optional.of(dropout.at().isBefore(atRisk.at()) ? dropout : atRisk);
    }

    private boolean beforeDischarge(Instant t) {
        return episode.isOpen() || t.isBefore(episode.dischargedAt());
    }

    private void raise(AlertKind kind, Instant at, String detail) {
        alerts.add(AlertFactory.episodeAlert(clientId, episode, kind, at, detail));
    }

    private static long days(Duration d) {
        return d.toDays();
    }
}
