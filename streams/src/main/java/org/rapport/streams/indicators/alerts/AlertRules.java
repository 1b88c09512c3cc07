package org.rapport.streams.indicators.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Instrument;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;

/**
 * The alert rules of SPEC §5.3 as small pure functions: the client stage folds an episode's facts through them in
 * event time (see {@link EngagementWalk} for the engagement alerts) and SAFETY per survey. Because an episode's set
 * is derived rather than accumulated, a late event that changes the past simply yields a different set; the caller
 * retracts what vanished and sends what appeared.
 */
public final class AlertRules {

    /** Time order; the walk order is kept for equal times (sort is stable). */
    private static final Comparator<Alert> IN_TIME_ORDER = Comparator.comparing(Alert::getAt);

    private AlertRules() {
    }

    /** Time order; the order of raising is kept for equal times (the sort is stable). */
    public static List<Alert> inTimeOrder(List<Alert> walk, List<Alert> returnsToUse, List<Alert> cravingSpikes) {
        List<Alert> all = new ArrayList<>(walk);
        all.addAll(returnsToUse);
        all.addAll(cravingSpikes);
        all.sort(IN_TIME_ORDER);
        return List.copyOf(all);
    }

    /** RETURN_TO_USE: a scored BAM with Use > 0 whose previous scored BAM in the episode had Use = 0. */
    public static Optional<Alert> returnToUse(String clientId, Episode episode, Double previousUse, ScoredSurvey bam) {
        if (previousUse == null || previousUse != 0 || bam.total() <= 0) {
            return Optional.empty();
        }
        return Optional.of(AlertFactory.episodeAlert(clientId, episode, AlertKind.RETURN_TO_USE, bam.at(),
                String.format("BAM use %d days after %d", (int) bam.total(), previousUse.intValue())));
    }

    /** CRAVING_SPIKE: a craving (the third or later of the episode) the configured points above the first two's mean. */
    public static Optional<Alert> cravingSpike(String clientId, Episode episode, double first, double second,
                                               ScoredSurvey craving, Rules rules) {
        double baseline = (first + second) / 2.0;
        if (craving.total() < baseline + rules.cravingSpikePoints()) {
            return Optional.empty();
        }
        return Optional.of(AlertFactory.episodeAlert(clientId, episode, AlertKind.CRAVING_SPIKE, craving.at(),
                String.format("craving %d vs baseline %s", (int) craving.total(), trim(baseline))));
    }

    /** An episode alert: its id from client, kind and time, its clinic and program the episode's. */
    public static Alert episodeAlert(String clientId, String clinicId, String programId, AlertKind kind, Instant at,
                                     String detail) {
        return AlertFactory.alert(clientId, clinicId, programId, kind, at, detail);
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
