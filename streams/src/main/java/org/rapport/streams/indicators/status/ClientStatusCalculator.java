package org.rapport.streams.indicators.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Engagement;
import org.rapport.avro.Instrument;
import org.rapport.avro.RiskState;
import org.rapport.avro.internal.ClientHead;
import org.rapport.avro.internal.LatestScore;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
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

    /** The later of the client's latest event and the latest UTC midnight at or before stream time. */
    public static Instant asOf(Instant latestEventAt, Instant streamTime) {
        Instant midnight = UtcCalendar.midnightAtOrBefore(streamTime);
        return latestEventAt.isAfter(midnight) ? latestEventAt : midnight;
    }

    public static ClientStatus compute(StatusFacts facts, Instant asOf, Rules rules) {
        int attended = (int) facts.window().stream().filter(SessionOutcome::attended).count();
        int missed = facts.window().size() - attended;
        Double rate = attended + missed == 0 ? null : attended / (double) (attended + missed);
        Optional<Episode> episode = facts.lastEpisode();
        ClientHead head = facts.head();
        return ClientStatus.newBuilder()
                .setClientId(facts.clientId())
                .setClinicId(episode.map(Episode::clinicId).orElse(head.getLatestClinicId()))
                .setProgramId(episode.map(Episode::programId).orElse(head.getLatestProgramId()))
                .setEpisodeOpen(episode.map(Episode::isOpen).orElse(false))
                .setEpisodeStart(episode.map(Episode::admittedAt).orElse(null))
                .setAttended28d(attended)
                .setMissed28d(missed)
                .setAttendanceRate28d(rate)
                .setConsecutiveMissed(facts.consecutiveMissed())
                .setLastAttendedAt(facts.lastAttendedAt())
                .setEngagement(engagement(rate, rules))
                .setCareLatest(latest(head, Instrument.CARE))
                .setCareEpisodeMean(facts.careEpisodeMean())
                .setWaiLatest(latest(head, Instrument.WAI_SR))
                .setWaiEpisodeMean(facts.waiEpisodeMean())
                .setScsLatest(latest(head, Instrument.SCS_SF))
                .setBamUse(bam(head, "use"))
                .setBamRisk(bam(head, "risk"))
                .setBamProtective(bam(head, "protective"))
                .setCravingLatest(Optional.ofNullable(latest(head, Instrument.CRAVING)).map(Double::intValue).orElse(null))
                .setRisk(risk(episode, facts.lastEpisodeAlerts()))
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

    /**
     * SPEC §5.2: in an open episode the latest of its AT_RISK / DROPOUT / RE_ENGAGED decides. With no episode open,
     * DROPPED_OUT if the last episode was discharged DROPPED_OUT or the latest of its DROPOUT / RE_ENGAGED is a
     * DROPOUT, else NONE: a client who completed treatment is not at risk.
     */
    static RiskState risk(Optional<Episode> episode, List<Alert> alerts) {
        if (episode.isEmpty()) {
            return RiskState.NONE;
        }
        RiskState open = RiskState.NONE;
        RiskState closed = RiskState.NONE;
        for (Alert a : alerts) {
            if (a.getKind() == AlertKind.AT_RISK) {
                open = RiskState.AT_RISK;
            } else if (a.getKind() == AlertKind.DROPOUT) {
                open = RiskState.DROPPED_OUT;
                closed = RiskState.DROPPED_OUT;
            } else if (a.getKind() == AlertKind.RE_ENGAGED) {
                open = RiskState.NONE;
                closed = RiskState.NONE;
            }
        }
        if (episode.get().isOpen()) {
            return open;
        }
        return episode.get().dischargeReason() == DischargeReason.DROPPED_OUT ? RiskState.DROPPED_OUT : closed;
    }

    private static Double latest(ClientHead head, Instrument instrument) {
        LatestScore latest = head.getLatestScored().get(instrument.name());
        return latest == null ? null : latest.getTotal();
    }

    private static Integer bam(ClientHead head, String subscale) {
        LatestScore latest = head.getLatestScored().get(Instrument.BAM.name());
        Double value = latest == null ? null : latest.getSubscales().get(subscale);
        return value == null ? null : value.intValue();
    }
}
