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
 *
 * <p>The walk is a fold: {@link #feed} takes the next session in time order and {@link #state} is all it keeps, so
 * the client stage can store it after the last session and continue from there when a later session arrives.
 * {@link #alertsAt} finishes a copy at a stream time (deadlines passed since the last session, a DROPPED_OUT
 * discharge) without changing the walk.
 */
public final class EngagementWalk {

    /** What the walk keeps between sessions. */
    public record State(Instant lastAttended, int consecutiveMissed, boolean awaitingReengagement, boolean dropoutRaised,
                        List<Alert> alerts) {
    }

    private final String clientId;
    private final Episode episode;
    private final Rules rules;
    private final List<Alert> alerts;

    private Instant lastAttended;
    private int consecutiveMissed;
    private boolean awaitingReengagement;
    private boolean dropoutRaised;

    /** A walk at the start of the episode. */
    public EngagementWalk(String clientId, Episode episode, Rules rules) {
        this(clientId, episode, rules, new State(episode.admittedAt(), 0, false, false, List.of()));
    }

    /** A walk resumed from a stored state. */
    public EngagementWalk(String clientId, Episode episode, Rules rules, State state) {
        this.clientId = clientId;
        this.episode = episode;
        this.rules = rules;
        this.lastAttended = state.lastAttended();
        this.consecutiveMissed = state.consecutiveMissed();
        this.awaitingReengagement = state.awaitingReengagement();
        this.dropoutRaised = state.dropoutRaised();
        this.alerts = new ArrayList<>(state.alerts());
    }

    public State state() {
        return new State(lastAttended, consecutiveMissed, awaitingReengagement, dropoutRaised, List.copyOf(alerts));
    }

    /** The next session of the episode in time order (deadlines before it fire first). */
    public void feed(SessionOutcome o) {
        fireDeadlinesBefore(o.at(), o.missed(), Instant.MAX);
        if (o.attended()) {
            attended(o);
        } else {
            missed(o);
        }
    }

    /** The episode's engagement alerts at stream time {@code now}; the walk itself is unchanged. */
    public List<Alert> alertsAt(Instant now) {
        EngagementWalk end = new EngagementWalk(clientId, episode, rules, state());
        end.fireDeadlinesBefore(now, false, now);
        if (episode.dischargeReason() == DischargeReason.DROPPED_OUT && !end.dropoutRaised) {
            end.dropoutRaised = true;
            end.raise(AlertKind.DROPOUT, episode.dischargedAt(), "discharged with reason DROPPED_OUT");
        }
        return List.copyOf(end.alerts);
    }

    /** The earliest deadline not passed at {@code now} that could still fire, if any. */
    public Optional<Instant> pendingDeadline(Instant now) {
        EngagementWalk end = new EngagementWalk(clientId, episode, rules, state());
        end.fireDeadlinesBefore(now, false, now);
        return end.nextDeadline().map(Deadline::at).filter(end::beforeDischarge);
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
     * meet it) that stream time {@code now} has passed while the episode was open. Sessions are never later than
     * stream time, so while sessions are fed {@code now} does not limit anything.
     */
    private void fireDeadlinesBefore(Instant limit, boolean inclusive, Instant now) {
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
            raise(next.get().kind(), d, "no attended session for " + next.get().after().toDays() + " days");
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
}
