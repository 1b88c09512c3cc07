package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.bamWithUse;
import static org.rapport.streams.testing.Events.discharged;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.survey;

import static org.rapport.streams.testing.Events.attendance;
import static org.rapport.streams.testing.Events.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Band;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.config.RapportConfig;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.testing.Events;
import org.rapport.streams.testing.TopologyFixture;

/**
 * SPEC §5.6: episodes banded by their mean CARE, WAI-SR and SCS-SF, and by their attended peer-support sessions,
 * with the outcomes of each band.
 */
class AllianceOutcomeTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void bandsAndTheirOutcomes() {
        rapport.send(
                // ann: CARE 40 and 46 -> mean 43 (MID); WAI 50 -> HIGH; BAM 0 then 2: a return to use;
                // 3 attended, 1 missed -> 0.75
                admitted("ann", "2026-01-05T09:00:00Z"),
                rating("ann", Instrument.CARE, "2026-01-06T11:00:00Z", "c-1", 4),
                survey("ann", Instrument.CARE, "2026-01-08T11:00:00Z", "c-1", 5, 5, 5, 5, 5, 5, 4, 4, 4, 4),
                survey("ann", Instrument.WAI_SR, "2026-01-06T11:00:00Z", "c-1", 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4),
                bamWithUse("ann", "2026-01-06T12:00:00Z", 0),
                bamWithUse("ann", "2026-01-13T12:00:00Z", 2),
                attended("ann", "a1", "2026-01-06T10:00:00Z"),
                attended("ann", "a2", "2026-01-08T10:00:00Z"),
                noShow("ann", "a3", "2026-01-10T10:00:00Z"),
                attended("ann", "a4", "2026-01-12T10:00:00Z"),
                // bob: CARE 30 (LOW); drops out; 1 of 2 attended -> 0.5
                admitted("bob", "2026-01-05T09:00:00Z"),
                rating("bob", Instrument.CARE, "2026-01-06T11:00:00Z", "c-1", 3),
                attended("bob", "b1", "2026-01-06T10:00:00Z"),
                noShow("bob", "b2", "2026-01-08T10:00:00Z"),
                discharged("bob", "2026-01-09T10:00:00Z", DischargeReason.DROPPED_OUT),
                // cid: CARE 44 and 45 -> 44.5 (MID); no session -> no attendance rate
                admitted("cid", "2026-01-05T09:00:00Z"),
                survey("cid", Instrument.CARE, "2026-01-06T11:00:00Z", "c-2", 5, 5, 5, 5, 4, 4, 4, 4, 4, 4),
                survey("cid", Instrument.CARE, "2026-01-07T11:00:00Z", "c-2", 5, 5, 5, 5, 5, 4, 4, 4, 4, 4),
                // dan, another program: CARE 35 is MID (the lower edge)
                admitted("dan", "2026-01-05T09:00:00Z", "prog-2"),
                SurveyEvent.newBuilder(survey("dan", Instrument.CARE, "2026-01-06T11:00:00Z", "c-3", 4, 4, 4, 4, 4, 3, 3, 3, 3, 3))
                        .setProgramId("prog-2").build());

        AllianceOutcome careMid = rapport.allianceOutcomes().get("prog-1|CARE|MID");
        assertThat(careMid.getEpisodes()).isEqualTo(2);
        assertThat(careMid.getDropouts()).isZero();
        assertThat(careMid.getDropoutRate()).isEqualTo(0.0);
        assertThat(careMid.getReturnsToUse()).isEqualTo(1);
        assertThat(careMid.getReturnToUseRate()).isEqualTo(0.5);
        assertThat(careMid.getMeanAttendanceRate()).isEqualTo(0.75);  // cid has no sessions: left out

        AllianceOutcome careLow = rapport.allianceOutcomes().get("prog-1|CARE|LOW");
        assertThat(careLow.getEpisodes()).isEqualTo(1);
        assertThat(careLow.getDropoutRate()).isEqualTo(1.0);
        assertThat(careLow.getMeanAttendanceRate()).isEqualTo(0.5);

        AllianceOutcome waiHigh = rapport.allianceOutcomes().get("prog-1|WAI_SR|HIGH");
        assertThat(waiHigh.getEpisodes()).isEqualTo(1);
        assertThat(waiHigh.getReturnsToUse()).isEqualTo(1);

        assertThat(rapport.allianceOutcomes().get("prog-2|CARE|MID").getEpisodes()).isEqualTo(1);
        AllianceOutcome allMid = rapport.allianceOutcomes().get("ALL|CARE|MID");
        assertThat(allMid.getEpisodes()).isEqualTo(3);
        assertThat(allMid.getReturnToUseRate()).isEqualTo(1.0 / 3);
        assertThat(rapport.allianceOutcomes()).doesNotContainKey("prog-1|CARE|HIGH");
    }

    // --- SCS-SF: LOW < 2.5 <= MID < 3.5 <= HIGH -------------------------------------------------------------------

    /**
     * An SCS-SF whose non-reversed items (2, 3, 5, 6, 7, 10) are all {@code plain} and reversed items (1, 4, 8, 9, 11,
     * 12) all {@code reversed}: score = (6 × plain + 6 × (6 − reversed)) / 12.
     */
    private static SurveyEvent scs(String client, String when, int plain, int reversed) {
        return Events.survey(client, Instrument.SCS_SF, when, reversed, plain, plain, reversed, plain, plain, plain,
                reversed, reversed, plain, reversed, reversed);
    }

    @Test
    void selfCompassionBandsByEpisodeMeanWithTheEdgesInTheHigherBand() {
        rapport.send(
                // ann: (6×1 + 6×(6−2)) / 12 = 30 / 12 = 2.5 -> MID (the lower edge); 2 of 2 attended -> 1.0
                admitted("ann", "2026-01-05T09:00:00Z"),
                scs("ann", "2026-01-06T11:00:00Z", 1, 2),
                attended("ann", "a1", "2026-01-06T10:00:00Z"),
                attended("ann", "a2", "2026-01-08T10:00:00Z"),
                // bob: (6×4 + 6×(6−3)) / 12 = 42 / 12 = 3.5 -> HIGH (the lower edge); BAM use 0 then 3: return to use
                admitted("bob", "2026-01-05T09:00:00Z"),
                scs("bob", "2026-01-06T11:00:00Z", 4, 3),
                bamWithUse("bob", "2026-01-06T12:00:00Z", 0),
                bamWithUse("bob", "2026-01-10T12:00:00Z", 3),
                // cid: items 1 2 ... with one reversed item 3 instead of 2: (6 + 5×4 + 3) / 12 = 29 / 12 = 2.417 -> LOW;
                // drops out at discharge; 0 of 1 attended -> 0.0
                admitted("cid", "2026-01-05T09:00:00Z"),
                Events.survey("cid", Instrument.SCS_SF, "2026-01-06T11:00:00Z", 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 2, 3),
                noShow("cid", "c1", "2026-01-07T10:00:00Z"),
                discharged("cid", "2026-01-09T10:00:00Z", DischargeReason.DROPPED_OUT),
                // dan: the episode mean of 3.5 and 29/12 is (42 + 29) / 24 = 2.958 -> MID (neither survey's own band);
                // an unscored SCS-SF (9 answered of 12, fewer than 10) enters no mean
                admitted("dan", "2026-01-05T09:00:00Z"),
                scs("dan", "2026-01-06T11:00:00Z", 4, 3),
                Events.survey("dan", Instrument.SCS_SF, "2026-01-07T11:00:00Z", 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 2, 3),
                Events.survey("dan", Instrument.SCS_SF, "2026-01-08T11:00:00Z", 5, 5, 5, 5, 5, 5, 5, 5, 5, null, null,
                        null),
                // eve: only an unscored SCS-SF -> no SCS_SF row
                admitted("eve", "2026-01-05T09:00:00Z"),
                Events.survey("eve", Instrument.SCS_SF, "2026-01-08T11:00:00Z", 1, 1, 1, 1, 1, 1, 1, 1, 1, null, null,
                        null));

        AllianceOutcome mid = rapport.allianceOutcomes().get("prog-1|SCS_SF|MID");
        assertThat(mid.getBand()).isEqualTo(Band.MID);
        assertThat(mid.getEpisodes()).isEqualTo(2);                 // ann, dan
        assertThat(mid.getDropouts()).isZero();
        assertThat(mid.getReturnsToUse()).isZero();
        assertThat(mid.getMeanAttendanceRate()).isEqualTo(1.0);     // ann only: dan has no session

        AllianceOutcome high = rapport.allianceOutcomes().get("prog-1|SCS_SF|HIGH");
        assertThat(high.getEpisodes()).isEqualTo(1);                // bob
        assertThat(high.getReturnsToUse()).isEqualTo(1);
        assertThat(high.getReturnToUseRate()).isEqualTo(1.0);
        assertThat(high.getMeanAttendanceRate()).isNull();          // no session

        AllianceOutcome low = rapport.allianceOutcomes().get("prog-1|SCS_SF|LOW");
        assertThat(low.getEpisodes()).isEqualTo(1);                 // cid
        assertThat(low.getDropouts()).isEqualTo(1);
        assertThat(low.getDropoutRate()).isEqualTo(1.0);
        assertThat(low.getMeanAttendanceRate()).isEqualTo(0.0);

        // 2 + 1 + 1 = 4 episodes: eve is in no band
        assertThat(rapport.allianceOutcomes().get("ALL|SCS_SF|MID").getEpisodes()).isEqualTo(2);
        assertThat(rapport.allianceOutcomes().get("ALL|SCS_SF|HIGH").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes().get("ALL|SCS_SF|LOW").getEpisodes()).isEqualTo(1);
    }

    // --- Peer support: NONE 0, SOME 1-3, REGULAR >= 4 attended PEER_SUPPORT sessions -------------------------------

    private static SessionEvent peerSupport(String session, String when) {
        return typed(session, when, SessionType.PEER_SUPPORT);
    }

    private static SessionEvent typed(String session, String when, SessionType type) {
        return SessionEvent.newBuilder(session(session, "peer-1", when)).setSessionType(type).build();
    }

    @Test
    void peerSupportBandsByAttendedPeerSupportSessions() {
        rapport.send(
                // p1..p4 are peer-support groups, i1 an individual session
                peerSupport("p1", "2026-01-06T10:00:00Z"), peerSupport("p2", "2026-01-07T10:00:00Z"),
                peerSupport("p3", "2026-01-08T10:00:00Z"), peerSupport("p4", "2026-01-09T10:00:00Z"),
                session("i1", "co-1", "2026-01-10T10:00:00Z"),
                // ann: attended p1, p2, p3 (3 -> SOME; missing p4 does not count) and i1: 4 of 5 -> 0.8
                admitted("ann", "2026-01-05T09:00:00Z"),
                attended("ann", "p1", "2026-01-06T10:00:00Z"), attended("ann", "p2", "2026-01-07T10:00:00Z"),
                attended("ann", "p3", "2026-01-08T10:00:00Z"), noShow("ann", "p4", "2026-01-09T10:00:00Z"),
                attended("ann", "i1", "2026-01-10T10:00:00Z"),
                // bob: attended p1..p4 (4 -> REGULAR; LATE and LEFT_EARLY are attended), 4 of 4 -> 1.0; then drops out
                admitted("bob", "2026-01-05T09:00:00Z"),
                attended("bob", "p1", "2026-01-06T10:00:00Z"), attended("bob", "p2", "2026-01-07T10:00:00Z"),
                attendance("bob", "p3", "2026-01-08T10:00:00Z", AttendanceStatus.LATE),
                attendance("bob", "p4", "2026-01-09T10:00:00Z", AttendanceStatus.LEFT_EARLY),
                discharged("bob", "2026-01-12T10:00:00Z", DischargeReason.DROPPED_OUT),
                // cid: attended i1 only, missed p1 (0 -> NONE): 1 of 2 -> 0.5
                admitted("cid", "2026-01-05T09:00:00Z"),
                noShow("cid", "p1", "2026-01-06T10:00:00Z"), attended("cid", "i1", "2026-01-10T10:00:00Z"),
                // dan: no attended or missed session (p2 cancelled by the program counts as neither) -> no row
                admitted("dan", "2026-01-05T09:00:00Z"),
                attendance("dan", "p2", "2026-01-07T10:00:00Z", AttendanceStatus.CANCELLED_BY_PROGRAM),
                // eve, prog-2: attended p1 -> SOME
                admitted("eve", "2026-01-05T09:00:00Z", "prog-2"),
                attendance("eve", "p1", "2026-01-06T10:00:00Z", AttendanceStatus.ATTENDED, "prog-2"));

        AllianceOutcome some = rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME");
        assertThat(some.getBand()).isEqualTo(Band.SOME);
        assertThat(some.getEpisodes()).isEqualTo(1);
        assertThat(some.getDropouts()).isZero();
        assertThat(some.getMeanAttendanceRate()).isEqualTo(0.8);

        AllianceOutcome regular = rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|REGULAR");
        assertThat(regular.getEpisodes()).isEqualTo(1);
        assertThat(regular.getDropouts()).isEqualTo(1);
        assertThat(regular.getDropoutRate()).isEqualTo(1.0);
        assertThat(regular.getReturnsToUse()).isZero();
        assertThat(regular.getReturnToUseRate()).isEqualTo(0.0);
        assertThat(regular.getMeanAttendanceRate()).isEqualTo(1.0);

        AllianceOutcome none = rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|NONE");
        assertThat(none.getEpisodes()).isEqualTo(1);                // cid; dan has no row
        assertThat(none.getMeanAttendanceRate()).isEqualTo(0.5);

        assertThat(rapport.allianceOutcomes().get("prog-2|PEER_SUPPORT|SOME").getEpisodes()).isEqualTo(1);
        AllianceOutcome allSome = rapport.allianceOutcomes().get("ALL|PEER_SUPPORT|SOME");
        assertThat(allSome.getEpisodes()).isEqualTo(2);             // ann and eve: (0.8 + 1.0) / 2 = 0.9
        assertThat(allSome.getMeanAttendanceRate()).isEqualTo(0.9);
        assertThat(rapport.allianceOutcomes().get("ALL|PEER_SUPPORT|NONE").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes().get("ALL|PEER_SUPPORT|REGULAR").getEpisodes()).isEqualTo(1);
    }

    @Test
    void aLateOrCorrectedSessionEventMovesTheEpisodesBand() {
        rapport.send(
                // ann attends p1..p4 before any session event is known: 0 known peer-support sessions -> NONE
                admitted("ann", "2026-01-05T09:00:00Z"),
                attended("ann", "p1", "2026-01-06T10:00:00Z"), attended("ann", "p2", "2026-01-07T10:00:00Z"),
                attended("ann", "p3", "2026-01-08T10:00:00Z"), attended("ann", "p4", "2026-01-09T10:00:00Z"));
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|NONE").getEpisodes()).isEqualTo(1);

        // p1..p3 arrive late as peer support: 3 -> SOME, and the NONE row is gone (0 episodes)
        rapport.send(peerSupport("p1", "2026-01-06T10:00:00Z"), peerSupport("p2", "2026-01-07T10:00:00Z"),
                peerSupport("p3", "2026-01-08T10:00:00Z"));
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes()).doesNotContainKeys("prog-1|PEER_SUPPORT|NONE", "ALL|PEER_SUPPORT|NONE");

        // p4 arrives as a group session (not peer support): still 3 -> SOME; corrected (recorded later) to peer
        // support: 4 -> REGULAR
        SessionEvent p4 = typed("p4", "2026-01-09T10:00:00Z", SessionType.GROUP);
        rapport.send(p4);
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME").getEpisodes()).isEqualTo(1);
        rapport.send(SessionEvent.newBuilder(p4).setEventId(Events.newEventId()).setSessionType(SessionType.PEER_SUPPORT)
                .setRecordedAt(Events.at("2026-01-10T08:00:00Z")).build());
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|REGULAR").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes().get("ALL|PEER_SUPPORT|REGULAR").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes()).doesNotContainKeys("prog-1|PEER_SUPPORT|SOME", "ALL|PEER_SUPPORT|SOME");

        // p2 corrected to an individual session, recorded later still: 3 -> SOME again. An older correction (recorded
        // before the standing one) of p1 changes nothing.
        rapport.send(SessionEvent.newBuilder(typed("p2", "2026-01-07T10:00:00Z", SessionType.INDIVIDUAL))
                        .setRecordedAt(Events.at("2026-01-11T08:00:00Z")).build(),
                SessionEvent.newBuilder(typed("p1", "2026-01-06T10:00:00Z", SessionType.INDIVIDUAL))
                        .setRecordedAt(Events.at("2026-01-01T08:00:00Z")).build());
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes()).doesNotContainKey("prog-1|PEER_SUPPORT|REGULAR");

        // p3's attendance corrected to a no-show (recorded later): 2 -> SOME still, attendance 3 of 4 -> 0.75
        rapport.send(Events.correction("ann", "p3", "2026-01-08T10:00:00Z", AttendanceStatus.NO_SHOW,
                "2026-01-09T08:00:00Z"));
        AllianceOutcome some = rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME");
        assertThat(some.getEpisodes()).isEqualTo(1);
        assertThat(some.getMeanAttendanceRate()).isEqualTo(0.75);
    }

    @Test
    void aSessionEventOfAnotherClinicNeverMakesAPeerSupportSession() {
        // ann (clinic-a) attended x1 and x2; x1's only session event comes from clinic-b, x2's from her own clinic
        rapport.send(
                admitted("ann", "2026-01-05T09:00:00Z"),
                attended("ann", "x1", "2026-01-06T10:00:00Z"), attended("ann", "x2", "2026-01-07T10:00:00Z"),
                SessionEvent.newBuilder(peerSupport("x1", "2026-01-06T10:00:00Z")).setClinicId("clinic-b")
                        .setProgramId("prog-b").build(),
                peerSupport("x2", "2026-01-07T10:00:00Z"));

        // 1 peer-support session of her clinic -> SOME (the lowest edge of SOME)
        assertThat(rapport.allianceOutcomes().get("prog-1|PEER_SUPPORT|SOME").getEpisodes()).isEqualTo(1);
        assertThat(rapport.allianceOutcomes()).doesNotContainKey("prog-1|PEER_SUPPORT|REGULAR");
    }

    @Test
    void theBandsAreConfiguration() {
        // SCS-SF MID from 3.0 and HIGH from 4.0; peer support SOME from 2, REGULAR from 3
        Rules rules = Rules.from(RapportConfig.defaults().with("rules.alliance.scs.mid.from", "3.0")
                .with("rules.alliance.scs.high.from", "4.0").with("rules.alliance.peer.support.some.from", "2")
                .with("rules.alliance.peer.support.regular.from", "3"));
        try (TopologyFixture configured = new TopologyFixture(rules)) {
            configured.send(
                    peerSupport("p1", "2026-01-06T10:00:00Z"), peerSupport("p2", "2026-01-07T10:00:00Z"),
                    peerSupport("p3", "2026-01-08T10:00:00Z"),
                    // ann: SCS-SF 3.5 -> MID (below 4.0); 3 peer-support sessions -> REGULAR
                    admitted("ann", "2026-01-05T09:00:00Z"),
                    scs("ann", "2026-01-06T11:00:00Z", 4, 3),
                    attended("ann", "p1", "2026-01-06T10:00:00Z"), attended("ann", "p2", "2026-01-07T10:00:00Z"),
                    attended("ann", "p3", "2026-01-08T10:00:00Z"),
                    // bob: SCS-SF 2.5 -> LOW (below 3.0); 1 peer-support session -> NONE (below 2)
                    admitted("bob", "2026-01-05T09:00:00Z"),
                    scs("bob", "2026-01-06T11:00:00Z", 1, 2),
                    attended("bob", "p1", "2026-01-06T10:00:00Z"));

            assertThat(configured.allianceOutcomes().get("prog-1|SCS_SF|MID").getEpisodes()).isEqualTo(1);
            assertThat(configured.allianceOutcomes().get("prog-1|SCS_SF|LOW").getEpisodes()).isEqualTo(1);
            assertThat(configured.allianceOutcomes().get("prog-1|PEER_SUPPORT|REGULAR").getEpisodes()).isEqualTo(1);
            assertThat(configured.allianceOutcomes().get("prog-1|PEER_SUPPORT|NONE").getEpisodes()).isEqualTo(1);
            assertThat(configured.allianceOutcomes()).doesNotContainKeys("prog-1|SCS_SF|HIGH", "prog-1|PEER_SUPPORT|SOME");
        }
    }
}
