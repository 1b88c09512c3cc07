package org.rapport.streams.rules;

import java.time.Duration;
import java.util.List;
import org.rapport.avro.Band;
import org.rapport.config.RapportConfig;

/**
 * The thresholds and windows of SPEC §5, read once from configuration (defaults as in the spec).
 *
 * <p>There is no duplicate-retention window: a client's history is a set keyed by {@code event_id}, so a
 * repeated event changes nothing however late it comes (more than SPEC §2's 30 days).
 *
 * @param engagementWindow       the rolling window of client status (28 days)
 * @param engagementHigh         attendance rate for HIGH engagement
 * @param engagementModerate     attendance rate for MODERATE engagement
 * @param atRiskConsecutiveMissed consecutive missed sessions that raise AT_RISK
 * @param atRiskInactivity       days without an attended session that raise AT_RISK
 * @param dropoutInactivity      days without an attended session that raise DROPOUT
 * @param cravingSpikePoints     points above the baseline that make a craving spike
 * @param ietInitiationDays      dates (admission date included) in which an attended session initiates treatment
 * @param ietEngagementDays      days after the initiating session in which further sessions count for engagement
 * @param ietEngagementSessions  further attended sessions needed for engagement
 * @param retentionDays          the retention checkpoints of cohorts (30, 60, 90)
 * @param counselorWindow        the window of counselor alliance (90 days)
 * @param allianceBands          the bands of the alliance–outcome exposures SCS-SF and peer support (SPEC §5.6)
 * @param trainingWindow         the before and after windows of training effects (90 days, SPEC §5.8)
 */
public record Rules(Duration engagementWindow, double engagementHigh,
                    double engagementModerate, int atRiskConsecutiveMissed, Duration atRiskInactivity,
                    Duration dropoutInactivity, double cravingSpikePoints, int ietInitiationDays,
                    int ietEngagementDays, int ietEngagementSessions, List<Integer> retentionDays,
                    Duration counselorWindow, AllianceBands allianceBands, Duration trainingWindow) {

    public static Rules from(RapportConfig config) {
        return new Rules(
                config.duration("rules.engagement.window"),
                config.decimal("rules.engagement.high"),
                config.decimal("rules.engagement.moderate"),
                config.integer("rules.at.risk.consecutive.missed"),
                config.duration("rules.at.risk.inactivity"),
                config.duration("rules.dropout.inactivity"),
                config.decimal("rules.craving.spike.points"),
                config.integer("rules.iet.initiation.days"),
                config.integer("rules.iet.engagement.days"),
                config.integer("rules.iet.engagement.sessions"),
                List.copyOf(config.integers("rules.retention.days")),
                config.duration("rules.counselor.window"),
                new AllianceBands(config.decimal("rules.alliance.scs.mid.from"), config.decimal("rules.alliance.scs.high.from"),
                        config.integer("rules.alliance.peer.support.some.from"),
                        config.integer("rules.alliance.peer.support.regular.from")),
                config.duration("rules.training.window"));
    }

    /**
     * The bands of SPEC §5.6's two other exposures; each lower bound belongs to the higher band.
     *
     * @param scsMidFrom          SCS-SF episode mean from which an episode is MID (2.5)
     * @param scsHighFrom         SCS-SF episode mean from which an episode is HIGH (3.5)
     * @param peerSupportSomeFrom attended peer-support sessions from which an episode is SOME (1)
     * @param peerSupportRegularFrom attended peer-support sessions from which an episode is REGULAR (4)
     */
    public record AllianceBands(double scsMidFrom, double scsHighFrom, int peerSupportSomeFrom,
                                int peerSupportRegularFrom) {

        public AllianceBands {
            if (!(scsMidFrom <= scsHighFrom) || peerSupportSomeFrom < 1 || peerSupportSomeFrom > peerSupportRegularFrom) {
                throw new IllegalArgumentException("alliance bands out of order: SCS-SF " + scsMidFrom + " / " + scsHighFrom
                        + ", peer support " + peerSupportSomeFrom + " / " + peerSupportRegularFrom);
            }
        }

        public Band scs(double mean) {
            return mean < scsMidFrom ? Band.LOW : mean < scsHighFrom ? Band.MID : Band.HIGH;
        }

        public Band peerSupport(long attended) {
            return attended < peerSupportSomeFrom ? Band.NONE : attended < peerSupportRegularFrom ? Band.SOME : Band.REGULAR;
        }
    }

    /** The defaults of SPEC §5. */
    public static Rules defaults() {
        return from(RapportConfig.defaults());
    }
}
