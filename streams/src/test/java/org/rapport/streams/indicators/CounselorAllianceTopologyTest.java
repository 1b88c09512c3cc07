package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.CounselorAlliance;
import org.rapport.avro.Instrument;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.7: who saw whom, how it went, and how clients rated them, over the last 90 days. */
class CounselorAllianceTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void sessionsAndRatingsAreAttributedToTheirCounselor() {
        rapport.send(attended("ann", "s1", "2026-01-06T10:00:00Z"),
                noShow("ann", "s2", "2026-01-08T10:00:00Z"),
                attended("bob", "s1", "2026-01-06T10:00:00Z"),
                attended("bob", "s3", "2026-01-07T10:00:00Z"),
                rating("ann", Instrument.CARE, "2026-01-08T11:00:00Z", "alex", 4),    // 40
                rating("bob", Instrument.WAI_SR, "2026-01-08T11:00:00Z", "alex", 4),  // 48
                // the sessions arrive after their attendance: the join catches up
                session("s1", "alex", "2026-01-06T10:00:00Z"),
                session("s2", "alex", "2026-01-08T10:00:00Z"),
                session("s3", "blair", "2026-01-07T10:00:00Z"));

        CounselorAlliance alex = rapport.counselors().get("alex");
        assertThat(alex.getRatings()).isEqualTo(2);
        assertThat(alex.getCareMean()).isEqualTo(40.0);
        assertThat(alex.getWaiMean()).isEqualTo(48.0);
        assertThat(alex.getClients()).isEqualTo(2);
        assertThat(alex.getAttended()).isEqualTo(2);
        assertThat(alex.getMissed()).isEqualTo(1);
        assertThat(alex.getAttendanceRate()).isEqualTo(2.0 / 3);
        assertThat(alex.getDropouts()).isZero();

        CounselorAlliance blair = rapport.counselors().get("blair");
        assertThat(blair.getClients()).isEqualTo(1);
        assertThat(blair.getAttendanceRate()).isEqualTo(1.0);
        assertThat(blair.getRatings()).isZero();
        assertThat(blair.getCareMean()).isNull();
    }

    @Test
    void factsOlderThanNinetyDaysLeaveTheWindow() {
        rapport.send(session("s1", "alex", "2026-01-06T10:00:00Z"), attended("ann", "s1", "2026-01-06T10:00:00Z"));
        assertThat(rapport.counselors()).containsKey("alex");

        rapport.tick("2026-04-10T00:00:01Z");  // 01-06 is more than 90 days before 04-10

        assertThat(rapport.counselors()).doesNotContainKey("alex");
    }
}
