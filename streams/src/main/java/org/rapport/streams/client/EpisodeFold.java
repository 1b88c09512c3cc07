package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Exposure;
import org.rapport.avro.internal.EpisodeCheckpoint;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.indicators.alerts.EngagementWalk;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.indicators.cohorts.EpisodeFacts;
import org.rapport.streams.indicators.cohorts.Iet;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * An episode's facts folded in event time into a small {@link EpisodeCheckpoint} (SPEC §9): a session or survey
 * after the checkpoint folds in at constant cost; anything else (a late fact, a correction, a moved episode
 * boundary) folds the episode again from its start. {@link #derive} turns a checkpoint into everything the episode
 * contributes at a stream time. Folding all facts and folding them one by one give the same checkpoint, so the
 * result never depends on the order events arrived in.
 */
final class EpisodeFold {

    private EpisodeFold() {
    }

    /** The checkpoint of an episode with no sessions or surveys yet. */
    static EpisodeCheckpoint start(Episode episode) {
        return EpisodeCheckpoint.newBuilder().setLastAttended(episode.admittedAt().toEpochMilli())
                .setWalkAlerts(new ArrayList<>()).setReturnToUseAlerts(new ArrayList<>())
                .setCravingAlerts(new ArrayList<>()).setCareScores(new ArrayList<>()).setWaiScores(new ArrayList<>())
                .setScsScores(new ArrayList<>()).build();
    }

    /** Every fact of the episode, in time order, from the start. */
    static EpisodeCheckpoint foldAll(String clientId, Episode episode, List<SessionOutcome> outcomes,
                                     List<ScoredSurvey> surveys, Rules rules) {
        EpisodeCheckpoint checkpoint = start(episode);
        for (SessionOutcome o : outcomes) {
            fold(clientId, episode, checkpoint, o, rules);
        }
        for (ScoredSurvey s : surveys) {
            fold(clientId, episode, checkpoint, s, rules);
        }
        return checkpoint;
    }

    /** True when {@code o} comes after every session folded into the checkpoint (SessionOutcome.IN_TIME_ORDER). */
    static boolean isNext(EpisodeCheckpoint checkpoint, SessionOutcome o) {
        return after(o.at().toEpochMilli(), o.eventId(), checkpoint.getOutcomeAt(), checkpoint.getOutcomeEventId());
    }

    /** True when {@code s} comes after every survey folded into the checkpoint (ScoredSurvey.IN_TIME_ORDER). */
    static boolean isNext(EpisodeCheckpoint checkpoint, ScoredSurvey s) {
        return after(s.at().toEpochMilli(), s.event().getEventId(), checkpoint.getSurveyAt(), checkpoint.getSurveyEventId());
    }

    private static boolean after(long at, String id, long lastAt, String lastId) {
        return at > lastAt || (at == lastAt && id.compareTo(lastId) > 0);
    }

    /** Folds the next session of the episode into the checkpoint. */
    static void fold(String clientId, Episode episode, EpisodeCheckpoint cp, SessionOutcome o, Rules rules) {
        EngagementWalk walk = new EngagementWalk(clientId, episode, rules, walkState(clientId, episode, cp));
        walk.feed(o);
        EngagementWalk.State state = walk.state();
        cp.setLastAttended(state.lastAttended().toEpochMilli());
        cp.setConsecutiveMissed(state.consecutiveMissed());
        cp.setAwaitingReengagement(state.awaitingReengagement());
        cp.setDropoutRaised(state.dropoutRaised());
        cp.setWalkAlerts(RaisedAlerts.of(state.alerts()));
        if (o.attended()) {
            var date = UtcCalendar.date(o.at());
            if (cp.getAttended() == 0 && Iet.initiates(UtcCalendar.date(episode.admittedAt()), date, rules)) {
                cp.setInitiationDay(date.toEpochDay());
            } else if (cp.getInitiationDay() != null
                    && Iet.countsForEngagement(java.time.LocalDate.ofEpochDay(cp.getInitiationDay()), date, rules)) {
                cp.setEngagementSessions(cp.getEngagementSessions() + 1);
            }
            cp.setAttended(cp.getAttended() + 1);
        } else {
            cp.setMissed(cp.getMissed() + 1);
        }
        cp.setOutcomeAt(o.at().toEpochMilli());
        cp.setOutcomeEventId(o.eventId());
    }

    /** Folds the next survey of the episode into the checkpoint. */
    static void fold(String clientId, Episode episode, EpisodeCheckpoint cp, ScoredSurvey s, Rules rules) {
        if (s.scored()) {
            switch (s.instrument()) {
                case BAM -> {
                    AlertRules.returnToUse(clientId, episode, cp.getPreviousBamUse(), s)
                            .ifPresent(a -> cp.getReturnToUseAlerts().add(RaisedAlerts.of(a)));
                    cp.setPreviousBamUse(s.total());
                }
                case CRAVING -> {
                    int n = cp.getCravings();
                    if (n == 0) {
                        cp.setCravingFirst(s.total());
                    } else if (n == 1) {
                        cp.setCravingSecond(s.total());
                    } else {
                        AlertRules.cravingSpike(clientId, episode, cp.getCravingFirst(), cp.getCravingSecond(), s, rules)
                                .ifPresent(a -> cp.getCravingAlerts().add(RaisedAlerts.of(a)));
                    }
                    cp.setCravings(n + 1);
                }
                case CARE -> cp.getCareScores().add(s.total());
                case WAI_SR -> cp.getWaiScores().add(s.total());
                case SCS_SF -> cp.getScsScores().add(s.total());
                default -> { }
            }
        }
        cp.setSurveyAt(s.at().toEpochMilli());
        cp.setSurveyEventId(s.event().getEventId());
    }

    /** Everything the episode contributes at stream time {@code now}, from its checkpoint. */
    static EpisodeState derive(String clientId, Episode episode, EpisodeCheckpoint cp, Instant now, Rules rules) {
        EngagementWalk walk = new EngagementWalk(clientId, episode, rules, walkState(clientId, episode, cp));
        List<Alert> alerts = AlertRules.inTimeOrder(walk.alertsAt(now), toAlerts(clientId, episode, cp.getReturnToUseAlerts()),
                toAlerts(clientId, episode, cp.getCravingAlerts()));
        Optional<Alert> dropout = alerts.stream().filter(a -> a.getKind() == AlertKind.DROPOUT).findFirst();
        boolean returnedToUse = alerts.stream().anyMatch(a -> a.getKind() == AlertKind.RETURN_TO_USE);
        boolean initiated = cp.getInitiationDay() != null;
        Optional<Instant> wake = earliest(walk.pendingDeadline(now), EpisodeFacts.nextEligibility(episode, now, rules));
        return EpisodeState.newBuilder()
                .setCheckpoint(cp)
                .setClinicId(episode.clinicId())
                .setProgramId(episode.programId())
                .setAlerts(RaisedAlerts.of(alerts))
                .setEpisodeFact(EpisodeFacts.fact(episode, initiated,
                        initiated && Iet.engaged(cp.getEngagementSessions(), rules), dropout, now, rules))
                .setAllianceFacts(AllianceFacts.ofEpisode(episode, Map.of(Exposure.CARE, cp.getCareScores(),
                                Exposure.WAI_SR, cp.getWaiScores(), Exposure.SCS_SF, cp.getScsScores()),
                        cp.getAttended(), cp.getMissed(), dropout.isPresent(), returnedToUse, rules))
                .setDroppedOut(dropout.isPresent())
                .setCareMean(AllianceFacts.mean(cp.getCareScores()))
                .setWaiMean(AllianceFacts.mean(cp.getWaiScores()))
                .setWakeAt(wake.map(Instant::toEpochMilli).orElse(null))
                .build();
    }

    /** A copy, so that folding into it leaves the stored checkpoint as it was. */
    static EpisodeCheckpoint copy(EpisodeCheckpoint cp) {
        return EpisodeCheckpoint.newBuilder(cp).setWalkAlerts(new ArrayList<>(cp.getWalkAlerts()))
                .setReturnToUseAlerts(new ArrayList<>(cp.getReturnToUseAlerts()))
                .setCravingAlerts(new ArrayList<>(cp.getCravingAlerts()))
                .setCareScores(new ArrayList<>(cp.getCareScores())).setWaiScores(new ArrayList<>(cp.getWaiScores()))
                .setScsScores(new ArrayList<>(cp.getScsScores())).build();
    }

    /** The episode's alerts in effect as the stage sends them. */
    static List<Alert> alerts(String clientId, EpisodeState state) {
        return RaisedAlerts.toAlerts(clientId, state.getClinicId(), state.getProgramId(), state.getAlerts());
    }

    private static List<Alert> toAlerts(String clientId, Episode episode, List<org.rapport.avro.internal.RaisedAlert> raised) {
        return RaisedAlerts.toAlerts(clientId, episode.clinicId(), episode.programId(), raised);
    }

    private static EngagementWalk.State walkState(String clientId, Episode episode, EpisodeCheckpoint cp) {
        return new EngagementWalk.State(Instant.ofEpochMilli(cp.getLastAttended()), cp.getConsecutiveMissed(),
                cp.getAwaitingReengagement(), cp.getDropoutRaised(), toAlerts(clientId, episode, cp.getWalkAlerts()));
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }
}
