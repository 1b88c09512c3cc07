package org.rapport.streams.indicators.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Instrument;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;

/**
 * The alerts of SPEC §5.3 in effect at stream time {@code now}, derived per episode from its facts (and SAFETY per
 * survey). Because an episode's set is recomputed rather than accumulated, a late event that changes the past
 * simply yields a different set; the caller retracts what vanished and sends what appeared.
 */
public final class AlertRules {

    /**
     * The alerts in effect, in event-time order; the episode alerts grouped by episode key; and the next
     * instant at which the passing of time alone changes them.
     */
    public record Derivation(List<Alert> alerts, Map<String, List<Alert>> byEpisode, Optional<Instant> nextDeadline) {

        /** Alerts of one kind raised in one episode. */
        public List<Alert> of(AlertKind kind, Episode episode) {
            return byEpisode.getOrDefault(episode.key(), List.of()).stream().filter(a -> a.getKind() == kind).toList();
        }

        /** The first alert of a kind in an episode, if any. */
        public Optional<Alert> first(AlertKind kind, Episode episode) {
            return of(kind, episode).stream().findFirst();
        }
    }

    /** Time order; the walk order is kept for equal times (sort is stable). */
    private static final Comparator<Alert> IN_TIME_ORDER = Comparator.comparing(Alert::getAt);

    private AlertRules() {
    }

    /** One episode's alerts in event-time order, and the next instant at which time alone changes them. */
    public record EpisodeAlerts(List<Alert> alerts, Optional<Instant> pendingDeadline) {

        /** The same alerts as a {@link Derivation}, for the fact rules that ask by kind. */
        public Derivation asDerivation(Episode episode) {
            return new Derivation(alerts, Map.of(episode.key(), alerts), pendingDeadline);
        }
    }

    /**
     * The alerts of one episode at stream time {@code now}: they depend only on the episode's own sessions and
     * surveys (SPEC §5.3: episode alerts apply to open episodes), so the client stage derives episodes one at a time.
     */
    public static EpisodeAlerts forEpisode(ClientTimeline timeline, Episode episode, Instant now, Rules rules) {
        EngagementWalk walk = new EngagementWalk(timeline.clientId(), episode, now, rules);
        List<Alert> ofEpisode = new ArrayList<>(walk.alerts(timeline.outcomesIn(episode)));
        ofEpisode.addAll(returnToUse(timeline, episode));
        ofEpisode.addAll(cravingSpikes(timeline, episode, rules));
        ofEpisode.sort(IN_TIME_ORDER);
        return new EpisodeAlerts(List.copyOf(ofEpisode), walk.pendingDeadline());
    }

    /** RETURN_TO_USE: a scored BAM with Use > 0 whose previous scored BAM in the episode had Use = 0. */
    static List<Alert> returnToUse(ClientTimeline timeline, Episode episode) {
        List<Alert> out = new ArrayList<>();
        ScoredSurvey previous = null;
        for (ScoredSurvey bam : timeline.scoredIn(episode, Instrument.BAM)) {
            if (previous != null && previous.total() == 0 && bam.total() > 0) {
                out.add(AlertFactory.episodeAlert(timeline.clientId(), episode, AlertKind.RETURN_TO_USE, bam.at(),
                        String.format("BAM use %d days after %d", (int) bam.total(), (int) previous.total())));
            }
            previous = bam;
        }
        return out;
    }

    /** CRAVING_SPIKE: a craving at least the configured points above the mean of the episode's first two. */
    static List<Alert> cravingSpikes(ClientTimeline timeline, Episode episode, Rules rules) {
        List<ScoredSurvey> cravings = timeline.scoredIn(episode, Instrument.CRAVING);
        if (cravings.size() < 3) {
            return List.of();
        }
        double baseline = (cravings.get(0).total() + cravings.get(1).total()) / 2.0;
        List<Alert> out = new ArrayList<>();
        for (ScoredSurvey c : cravings.subList(2, cravings.size())) {
            if (c.total() >= baseline + rules.cravingSpikePoints()) {
                out.add(AlertFactory.episodeAlert(timeline.clientId(), episode, AlertKind.CRAVING_SPIKE, c.at(),
                        String.format("craving %d vs baseline %s", (int) c.total(), trim(baseline))));
            }
        }
        return out;
    }

    /** SAFETY: any PHQ-9 with item 9 above 0, scored or not, inside an episode or not. */
    public static Optional<Alert> safety(String clientId, ScoredSurvey s) {
        if (s.instrument() != Instrument.PHQ9 || !s.score().safetyFlag()) {
            return Optional.empty();
        }
        return Optional.of(AlertFactory.alert(clientId, s.event().getClinicId(), s.event().getProgramId(),
                AlertKind.SAFETY, s.at(), "PHQ-9 item 9 answered above 0"));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
