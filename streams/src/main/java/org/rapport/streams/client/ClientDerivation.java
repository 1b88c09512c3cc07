package org.rapport.streams.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.Alert;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.internal.ClientHistory;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.indicators.cohorts.EpisodeFacts;
import org.rapport.streams.indicators.counselor.CounselorFacts;
import org.rapport.streams.indicators.status.ClientStatusCalculator;
import org.rapport.streams.indicators.training.TrainingContributions;
import org.rapport.streams.indicators.weekly.WeeklyFacts;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;

/**
 * Everything derived from one client's history at one stream time: a pure function, the heart of
 * Rapport's order independence (SPEC §9).
 *
 * @param status the client status row
 * @param alerts the alerts in effect, by id
 * @param facts  fact rows per destination, by fact key
 * @param wakeAt the next stream time at which time alone changes something, if any
 */
public record ClientDerivation(ClientStatus status, Map<String, Alert> alerts,
                               Map<Derived.Kind, Map<String, ? extends SpecificRecord>> facts,
                               Optional<Instant> wakeAt, int dataQualityProblems) {

    public static ClientDerivation derive(ClientHistory history, Instant streamTime, Rules rules) {
        ClientTimeline timeline = new ClientTimeline(history);
        AlertRules.Derivation alerts = AlertRules.derive(timeline, streamTime, rules);
        Map<String, Alert> byId = new LinkedHashMap<>();
        alerts.alerts().forEach(a -> byId.putIfAbsent(a.getAlertId(), a));
        Map<Derived.Kind, Map<String, ? extends SpecificRecord>> facts = new LinkedHashMap<>();
        facts.put(Derived.Kind.WEEKLY_FACT, WeeklyFacts.derive(timeline, alerts));
        facts.put(Derived.Kind.EPISODE_FACT, EpisodeFacts.derive(timeline, alerts, streamTime, rules));
        facts.put(Derived.Kind.ALLIANCE_FACT, AllianceFacts.derive(timeline, alerts));
        ClientStatus status = ClientStatusCalculator.compute(timeline, alerts, streamTime, rules);
        facts.put(Derived.Kind.COUNSELOR_FACT, CounselorFacts.derive(timeline, alerts, status.getAsOf(), rules));
        facts.put(Derived.Kind.TRAINING_CONTRIBUTION, TrainingContributions.derive(timeline, alerts));
        Optional<Instant> wake = earliest(alerts.nextDeadline(), EpisodeFacts.nextEligibility(timeline, streamTime, rules));
        return new ClientDerivation(status, byId, facts, wake, timeline.dataQualityProblems());
    }

    /**
     * What a new day changes when nothing else happened: the status (its {@code as_of} and 28-day window) and the
     * counselor facts (their 90-day window). Alerts are derived too, so the caller can check they are unchanged —
     * deadlines and retention days are handled by wake-ups, which run first — and fall back to {@link #derive} if not.
     */
    public static ClientDerivation forNewDay(ClientHistory history, Instant streamTime, Rules rules) {
        ClientTimeline timeline = new ClientTimeline(history);
        AlertRules.Derivation alerts = AlertRules.derive(timeline, streamTime, rules);
        Map<String, Alert> byId = new LinkedHashMap<>();
        alerts.alerts().forEach(a -> byId.putIfAbsent(a.getAlertId(), a));
        ClientStatus status = ClientStatusCalculator.compute(timeline, alerts, streamTime, rules);
        Map<Derived.Kind, Map<String, ? extends SpecificRecord>> facts = new LinkedHashMap<>();
        facts.put(Derived.Kind.COUNSELOR_FACT, CounselorFacts.derive(timeline, alerts, status.getAsOf(), rules));
        return new ClientDerivation(status, byId, facts, Optional.empty(), timeline.dataQualityProblems());
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
