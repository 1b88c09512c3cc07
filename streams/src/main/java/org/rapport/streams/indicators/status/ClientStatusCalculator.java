package org.rapport.streams.indicators.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.Engagement;
import org.rapport.avro.Instrument;
import org.rapport.avro.RiskState;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * The client status of SPEC §5.2.
 *
 * <p>{@code as_of} is the later of the client's latest event and the latest UTC midnight stream time has
 * reached: exactly the stream time of the last recomputation in an in-order run (every event of the
 * client, every midnight), and — unlike the wall-clock moment of a recomputation — a function of the events
 * and the final stream time only.
 */
public final class ClientStatusCalculator {

    private ClientStatusCalculator() {
    }

    public static Instant asOf(ClientTimeline timeline, Instant streamTime) {
        Instant midnight = UtcCalendar.midnightAtOrBefore(streamTime);
        return timeline.latestEventAt().isAfter(midnight) ? timeline.latestEventAt() : midnight;
    }

    public static ClientStatus compute(ClientTimeline timeline, AlertRules.Derivation alerts, Instant streamTime,
                                       Rules rules) {
        Instant asOf = asOf(timeline, streamTime);
        Instant windowStart = asOf.minus(rules.engagementWindow());
        int attended = 0;
        int missed = 0;
        int consecutiveMissed = 0;
        Instant lastAttended = null;
        for (SessionOutcome o : timeline.outcomes()) {
            if (o.at().isAfter(asOf)) {
                continue;
            }
            boolean inWindow = o.at().isAfter(windowStart);
            if (o.attended()) {
                attended += inWindow ? 1 : 0;
                lastAttended = o.at();
                consecutiveMissed = 0;
            } else {
                missed += inWindow ? 1 : 0;
                consecutiveMissed++;
            }
        }
        Double rate = attended + missed == 0 ? null : attended / (double) (attended + missed);
        Optional<Episode> episode = timeline.lastEpisode();
        return ClientStatus.newBuilder()
                .setClientId(timeline.clientId())
                .setClinicId(episode.map(Episode::clinicId).orElse(timeline.latestClinicId()))
                .setProgramId(episode.map(Episode::programId).orElse(timeline.latestProgramId()))
                .setEpisodeOpen(episode.map(Episode::isOpen).orElse(false))
                .setEpisodeStart(episode.map(Episode::admittedAt).orElse(null))
                .setAttended28d(attended)
                .setMissed28d(missed)
                .setAttendanceRate28d(rate)
                .setConsecutiveMissed(consecutiveMissed)
                .setLastAttendedAt(lastAttended)
                .setEngagement(engagement(rate, rules))
                .setCareLatest(latest(timeline, Instrument.CARE))
                .setCareEpisodeMean(episodeMean(timeline, episode, Instrument.CARE))
                .setWaiLatest(latest(timeline, Instrument.WAI_SR))
                .setWaiEpisodeMean(episodeMean(timeline, episode, Instrument.WAI_SR))
                .setScsLatest(latest(timeline, Instrument.SCS_SF))
                .setBamUse(bam(timeline, "use"))
                .setBamRisk(bam(timeline, "risk"))
                .setBamProtective(bam(timeline, "protective"))
                .setCravingLatest(Optional.ofNullable(latest(timeline, Instrument.CRAVING)).map(Double::intValue).orElse(null))
                .setRisk(risk(alerts, episode))
                .setAsOf(asOf)
                .build();
    }

    /** NONE without attended or missed sessions in the window, else by the attendance rate. */
    public static Engagement engagement(Double rate, Rules rules) {
        if (rate == null) {
            return Engagement.NONE;
        }
        if (rate >= rules.engagementHigh()) {
            return Engagement.HIGH;
        }
        return rate >= rules.engagementModerate() ? Engagement.MODERATE : Engagement.LOW;
    }

    /** The latest of AT_RISK / DROPOUT / RE_ENGAGED in the current (or last) episode decides. */
    static RiskState risk(AlertRules.Derivation alerts, Optional<Episode> episode) {
        if (episode.isEmpty()) {
            return RiskState.NONE;
        }
        List<Alert> ofEpisode = alerts.byEpisode().getOrDefault(episode.get().key(), List.of());
        RiskState state = RiskState.NONE;
        for (Alert a : ofEpisode) {
            if (a.getKind() == AlertKind.AT_RISK) {
                state = RiskState.AT_RISK;
            } else if (a.getKind() == AlertKind.DROPOUT) {
                state = RiskState.DROPPED_OUT;
            } else if (a.getKind() == AlertKind.RE_ENGAGED) {
                state = RiskState.NONE;
            }
        }
        return state;
    }

    private static Double latest(ClientTimeline timeline, Instrument instrument) {
        return timeline.latestScored(instrument).map(ScoredSurvey::total).orElse(null);
    }

    private static Double episodeMean(ClientTimeline timeline, Optional<Episode> episode, Instrument instrument) {
        if (episode.isEmpty()) {
            return null;
        }
        OptionalDouble mean = timeline.scoredIn(episode.get(), instrument).stream().mapToDouble(ScoredSurvey::total)
                .average();
        return mean.isPresent() ? mean.getAsDouble() : null;
    }

    private static Integer bam(ClientTimeline timeline, String subscale) {
        return timeline.latestScored(Instrument.BAM).map(s -> s.subscale(subscale)).map(Double::intValue)
                .orElse(null);
    }
}
