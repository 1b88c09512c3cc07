package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.at;
import static org.rapport.streams.testing.Events.attendance;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.bamWithUse;
import static org.rapport.streams.testing.Events.craving;
import static org.rapport.streams.testing.Events.discharged;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Engagement;
import org.rapport.avro.Instrument;
import org.rapport.avro.RiskState;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.2 worked through for one client. */
class ClientStatusTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void statusCountsTheLast28DaysAndMovesWithStreamTime() {
        rapport.send(admitted("ann", "2026-01-05T09:00:00Z"),
                attended("ann", "s1", "2026-01-06T10:00:00Z"),
                attended("ann", "s2", "2026-01-08T10:00:00Z"),
                noShow("ann", "s3", "2026-01-13T10:00:00Z"),
                attendance("ann", "s4", "2026-01-15T10:00:00Z", AttendanceStatus.LATE),
                attendance("ann", "s5", "2026-01-20T10:00:00Z", AttendanceStatus.CANCELLED_BY_PROGRAM),
                noShow("ann", "s6", "2026-01-22T10:00:00Z"),
                rating("ann", Instrument.CARE, "2026-01-08T11:00:00Z", "counselor-1", 4),   // 40
                rating("ann", Instrument.CARE, "2026-01-22T11:00:00Z", "counselor-1", 3),   // 30
                rating("ann", Instrument.WAI_SR, "2026-01-08T11:00:00Z", "counselor-1", 4), // 48
                bamWithUse("ann", "2026-01-09T10:00:00Z", 2),
                craving("ann", "2026-01-10T10:00:00Z", 6));
        rapport.tick("2026-01-22T12:00:00Z");

        ClientStatus s = rapport.status("ann");
        // as_of = the client's latest event (01-22 11:00) since no midnight passed after it
        assertThat(s.getAsOf()).isEqualTo(at("2026-01-22T11:00:00Z"));
        // attended s1, s2, s4 (LATE); missed s3, s6; s5 is neither
        assertThat(s.getAttended28d()).isEqualTo(3);
        assertThat(s.getMissed28d()).isEqualTo(2);
        assertThat(s.getAttendanceRate28d()).isEqualTo(0.6);
        assertThat(s.getEngagement()).isEqualTo(Engagement.MODERATE);
        assertThat(s.getConsecutiveMissed()).isEqualTo(1);
        assertThat(s.getLastAttendedAt()).isEqualTo(at("2026-01-15T10:00:00Z"));
        assertThat(s.getEpisodeOpen()).isTrue();
        assertThat(s.getEpisodeStart()).isEqualTo(at("2026-01-05T09:00:00Z"));
        assertThat(s.getCareLatest()).isEqualTo(30.0);
        assertThat(s.getCareEpisodeMean()).isEqualTo(35.0);
        assertThat(s.getWaiLatest()).isEqualTo(48.0);
        assertThat(s.getWaiEpisodeMean()).isEqualTo(48.0);
        assertThat(s.getBamUse()).isEqualTo(2);
        assertThat(s.getBamRisk()).isZero();
        assertThat(s.getCravingLatest()).isEqualTo(6);
        assertThat(s.getRisk()).isEqualTo(RiskState.NONE);

        // Three weeks on: the window (01-16, 02-13] holds only the no-show of 01-22, and the 14-day
        // deadline after 01-15 10:00 passed on 01-29 10:00.
        rapport.tick("2026-02-13T00:00:01Z");
        s = rapport.status("ann");
        assertThat(s.getAsOf()).isEqualTo(at("2026-02-13T00:00:00Z"));
        assertThat(s.getAttended28d()).isZero();
        assertThat(s.getMissed28d()).isEqualTo(1);
        assertThat(s.getAttendanceRate28d()).isEqualTo(0.0);
        assertThat(s.getEngagement()).isEqualTo(Engagement.LOW);
        assertThat(s.getRisk()).isEqualTo(RiskState.AT_RISK);
    }

    @Test
    void withNoEpisodeOpenRiskSaysWhetherTheLastEpisodeEndedInDropout() {
        // cat: two no-shows make her AT_RISK (01-13), then she completes treatment on 01-20 -> NONE (SPEC §5.2:
        // a client who completed treatment is not at risk).
        rapport.send(admitted("cat", "2026-01-05T09:00:00Z"),
                noShow("cat", "s1", "2026-01-06T10:00:00Z"),
                noShow("cat", "s2", "2026-01-13T10:00:00Z"),
                discharged("cat", "2026-01-20T09:00:00Z", DischargeReason.COMPLETED));
        // dan: admitted 01-05, no attended session: DROPOUT fires when 30 days pass (02-04 09:00); he then comes back
        // once (RE_ENGAGED, 02-10) and is discharged TRANSFERRED: the latest of DROPOUT / RE_ENGAGED is RE_ENGAGED -> NONE.
        rapport.send(admitted("dan", "2026-01-05T09:00:00Z"),
                attended("dan", "t1", "2026-02-10T10:00:00Z"),
                discharged("dan", "2026-02-11T09:00:00Z", DischargeReason.TRANSFERRED));
        // eve: the same 30 days without a session, then discharged TRANSFERRED without coming back -> DROPPED_OUT.
        rapport.send(admitted("eve", "2026-01-05T09:00:00Z"),
                discharged("eve", "2026-02-11T09:00:00Z", DischargeReason.TRANSFERRED));
        // fay: discharged DROPPED_OUT (a DROPOUT at the discharge) -> DROPPED_OUT.
        rapport.send(admitted("fay", "2026-01-05T09:00:00Z"),
                attended("fay", "u1", "2026-01-06T10:00:00Z"),
                discharged("fay", "2026-01-09T09:00:00Z", DischargeReason.DROPPED_OUT));
        rapport.tick("2026-02-12T00:00:01Z");

        assertThat(rapport.status("cat").getEpisodeOpen()).isFalse();
        assertThat(rapport.status("cat").getRisk()).isEqualTo(RiskState.NONE);
        assertThat(rapport.status("dan").getRisk()).isEqualTo(RiskState.NONE);
        assertThat(rapport.status("eve").getRisk()).isEqualTo(RiskState.DROPPED_OUT);
        assertThat(rapport.status("fay").getRisk()).isEqualTo(RiskState.DROPPED_OUT);
    }

    @Test
    void withoutAnySessionInTheWindowEngagementIsNoneAndTheRateNull() {
        rapport.send(admitted("bob", "2026-01-05T09:00:00Z"));

        ClientStatus s = rapport.status("bob");
        assertThat(s.getEngagement()).isEqualTo(Engagement.NONE);
        assertThat(s.getAttendanceRate28d()).isNull();
        assertThat(s.getCareLatest()).isNull();
    }

    @Test
    void engagementBandEdges() {
        // 4 of 5 = 0.8 -> HIGH; 1 of 2 = 0.5 -> MODERATE; 1 of 3 -> LOW
        rapport.send(attended("hi", "a", "2026-01-05"), attended("hi", "b", "2026-01-06"), attended("hi", "c", "2026-01-07"),
                attended("hi", "d", "2026-01-08"), noShow("hi", "e", "2026-01-09"),
                attended("mid", "a", "2026-01-05"), noShow("mid", "b", "2026-01-06"),
                attended("lo", "a", "2026-01-05"), noShow("lo", "b", "2026-01-06"), noShow("lo", "c", "2026-01-07"));

        assertThat(rapport.status("hi").getEngagement()).isEqualTo(Engagement.HIGH);
        assertThat(rapport.status("mid").getEngagement()).isEqualTo(Engagement.MODERATE);
        assertThat(rapport.status("lo").getEngagement()).isEqualTo(Engagement.LOW);
    }

    @Test
    void atEachMidnightTheWindowMovesAndAClientWithNothingInItChangesOnlyItsAsOf() {
        // gus attended once (01-06 10:00), hal missed once (01-06 10:00); both completed treatment on 01-07, so no
        // deadline is open. The 28-day window (as_of − 28 d, as_of] holds their session until the midnight of 02-04.
        rapport.send(admitted("gus", "2026-01-05T09:00:00Z"), attended("gus", "s1", "2026-01-06T10:00:00Z"),
                discharged("gus", "2026-01-07T09:00:00Z", DischargeReason.COMPLETED),
                admitted("hal", "2026-01-05T09:00:00Z"), noShow("hal", "t1", "2026-01-06T10:00:00Z"),
                discharged("hal", "2026-01-07T09:00:00Z", DischargeReason.COMPLETED));

        rapport.tick("2026-02-03T00:00:01Z");   // window (01-06 00:00, 02-03 00:00]: the session is in it
        assertThat(rapport.status("gus").getAttended28d()).isEqualTo(1);
        assertThat(rapport.status("gus").getEngagement()).isEqualTo(Engagement.HIGH);
        assertThat(rapport.status("hal").getMissed28d()).isEqualTo(1);
        assertThat(rapport.status("hal").getEngagement()).isEqualTo(Engagement.LOW);

        rapport.tick("2026-02-04T00:00:01Z");   // window (01-07 00:00, 02-04 00:00]: the session has left it
        ClientStatus gus = rapport.status("gus");
        ClientStatus hal = rapport.status("hal");
        assertThat(gus.getAsOf()).isEqualTo(at("2026-02-04T00:00:00Z"));
        assertThat(gus.getAttended28d()).isZero();
        assertThat(gus.getAttendanceRate28d()).isNull();
        assertThat(gus.getEngagement()).isEqualTo(Engagement.NONE);
        assertThat(gus.getLastAttendedAt()).isEqualTo(at("2026-01-06T10:00:00Z"));
        assertThat(hal.getMissed28d()).isZero();
        assertThat(hal.getAttendanceRate28d()).isNull();
        assertThat(hal.getEngagement()).isEqualTo(Engagement.NONE);
        assertThat(hal.getConsecutiveMissed()).isEqualTo(1);   // not a window count: missed since the last attended

        // Two midnights on, with nothing in either window: every field as on 02-04 but as_of.
        rapport.tick("2026-02-06T00:00:01Z");
        assertThat(rapport.status("gus")).isEqualTo(ClientStatus.newBuilder(gus).setAsOf(at("2026-02-06T00:00:00Z")).build());
        assertThat(rapport.status("hal")).isEqualTo(ClientStatus.newBuilder(hal).setAsOf(at("2026-02-06T00:00:00Z")).build());
    }
}
