package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.PROGRAM;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.discharged;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Cohort;
import org.rapport.avro.DischargeReason;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.5: the March 2026 cohort of four episodes, worked by hand. */
class CohortTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void marchCohort() {
        rapport.send(
                // ann: initiates on day 13 (03-15); first 03-15 -> engagement window 03-16..04-18: 03-20 and 04-18 (day 34) count
                admitted("ann", "2026-03-02T09:00:00Z"),
                attended("ann", "a1", "2026-03-15T10:00:00Z"),
                attended("ann", "a2", "2026-03-20T10:00:00Z"),
                attended("ann", "a3", "2026-04-18T10:00:00Z"),
                // bob: his first session is dated 03-16, day 14: not initiated; drops out on 03-20 (18 days' stay)
                admitted("bob", "2026-03-02T09:00:00Z"),
                attended("bob", "b1", "2026-03-16T10:00:00Z"),
                discharged("bob", "2026-03-20T10:00:00Z", DischargeReason.DROPPED_OUT),
                // cid: initiates 03-03; window 03-04..04-06 holds only 04-06 (04-07 is day 35): not engaged.
                // No session for 30 days after 03-03 10:00: DROPOUT at 04-02 10:00, after his day 30 (04-02 09:00).
                admitted("cid", "2026-03-03T09:00:00Z"),
                attended("cid", "c1", "2026-03-03T10:00:00Z"),
                attended("cid", "c2", "2026-04-06T10:00:00Z"),
                attended("cid", "c3", "2026-04-07T10:00:00Z"),
                // dan: initiates 03-05; window 03-06..04-08 holds 03-20 and 04-08: engaged
                admitted("dan", "2026-03-04T09:00:00Z"),
                attended("dan", "d1", "2026-03-05T10:00:00Z"),
                attended("dan", "d2", "2026-03-20T10:00:00Z"),
                attended("dan", "d3", "2026-04-08T10:00:00Z"));
        // Day 60 has passed for ann, bob (05-01 09:00) and cid (05-02 09:00), not for dan (05-03 09:00).
        rapport.tick("2026-05-02T09:00:01Z");

        Cohort c = rapport.cohort(PROGRAM, "2026-03");
        assertThat(c.getAdmitted()).isEqualTo(4);
        assertThat(c.getInitiated()).isEqualTo(3);
        assertThat(c.getEngaged()).isEqualTo(2);
        assertThat(c.getEligible30()).isEqualTo(4);
        assertThat(c.getRetained30()).isEqualTo(3);    // all but bob
        assertThat(c.getEligible60()).isEqualTo(3);    // not dan yet
        assertThat(c.getRetained60()).isEqualTo(1);    // ann; bob discharged, cid dropped out before day 60
        assertThat(c.getEligible90()).isZero();
        assertThat(c.getRetained90()).isZero();
        assertThat(c.getCompleted()).isZero();
        assertThat(c.getDroppedOut()).isEqualTo(2);    // bob (discharge), cid (30 days)
        assertThat(c.getMedianLosDays()).isEqualTo(18.0);
    }

    @Test
    void medianLengthOfStayOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        rapport.send(admitted("a", "2026-03-02T09:00:00Z"), discharged("a", "2026-03-02T17:00:00Z", DischargeReason.COMPLETED),
                admitted("b", "2026-03-02T09:00:00Z"), discharged("b", "2026-03-06T09:00:00Z", DischargeReason.COMPLETED),
                admitted("c", "2026-03-02T09:00:00Z"), discharged("c", "2026-03-12T09:00:00Z", DischargeReason.TRANSFERRED),
                admitted("d", "2026-03-02T09:00:00Z"), discharged("d", "2026-03-22T09:00:00Z", DischargeReason.COMPLETED));

        Cohort c = rapport.cohort(PROGRAM, "2026-03");
        // stays: 1 (same day, minimum 1), 4, 10, 20 -> (4 + 10) / 2
        assertThat(c.getMedianLosDays()).isEqualTo(7.0);
        assertThat(c.getCompleted()).isEqualTo(3);
        assertThat(c.getEligible30()).isZero();  // stream time is 03-22: no day 30 has passed
    }
}
