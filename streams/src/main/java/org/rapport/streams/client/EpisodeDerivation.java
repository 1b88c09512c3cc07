package org.rapport.streams.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.indicators.cohorts.EpisodeFacts;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * Everything derived from one episode at one stream time — its alerts, cohort and alliance facts, the means the
 * status shows and when time alone will change it next: a pure function of the episode's own facts, so an event
 * costs what its episode holds, never the client's whole history.
 */
final class EpisodeDerivation {

    private EpisodeDerivation() {
    }

    /**
     * @param outcomes the client's attended and missed sessions inside the episode
     * @param surveys  the client's surveys inside the episode
     */
    static EpisodeState derive(String clientId, Episodes.Result episodes, Episode episode,
                               List<SessionOutcome> outcomes, List<ScoredSurvey> surveys, Instant now, Rules rules) {
        ClientTimeline timeline = new ClientTimeline(clientId, episodes, outcomes, surveys);
        AlertRules.EpisodeAlerts alerts = AlertRules.forEpisode(timeline, episode, now, rules);
        AlertRules.Derivation byKind = alerts.asDerivation(episode);
        Optional<Instant> wake = earliest(alerts.pendingDeadline(), EpisodeFacts.nextEligibility(episode, now, rules));
        return EpisodeState.newBuilder()
                .setAlerts(alerts.alerts())
                .setEpisodeFact(EpisodeFacts.fact(episode, timeline.outcomesIn(episode),
                        byKind.first(AlertKind.DROPOUT, episode), now, rules))
                .setAllianceFacts(AllianceFacts.ofEpisode(timeline, episode, byKind))
                .setDroppedOut(byKind.first(AlertKind.DROPOUT, episode).isPresent())
                .setCareMean(mean(timeline, episode, Instrument.CARE))
                .setWaiMean(mean(timeline, episode, Instrument.WAI_SR))
                .setWakeAt(wake.map(Instant::toEpochMilli).orElse(null))
                .build();
    }

    private static Double mean(ClientTimeline timeline, Episode episode, Instrument instrument) {
        OptionalDouble mean = timeline.scoredIn(episode, instrument).stream().mapToDouble(ScoredSurvey::total).average();
        return mean.isPresent() ? mean.getAsDouble() : null;
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
