package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.PROGRAM;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attendance;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.correction;
import static org.rapport.streams.testing.Events.discharged;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.uniform;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.ProgramWeekly;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.4 over two ISO weeks (Mondays 2026-01-05 and 2026-01-12). */
class ProgramWeeklyTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @BeforeEach
    void twoWeeks() {
        rapport.send(admitted("ann", "2026-01-05T09:00:00Z"),
                admitted("bob", "2026-01-06T09:00:00Z"),
                attended("ann", "g1", "2026-01-07T10:00:00Z"),   // a group session both attend
                attended("bob", "g1", "2026-01-07T10:00:00Z"),
                noShow("ann", "s2", "2026-01-08T10:00:00Z"),
                attendance("bob", "s3", "2026-01-09T10:00:00Z", AttendanceStatus.CANCELLED_BY_PROGRAM),
                attended("bob", "s4", "2026-01-11T18:00:00Z"),   // Sunday: still the week of 01-05
                rating("ann", Instrument.CARE, "2026-01-08T11:00:00Z", "counselor-1", 4),  // 40
                rating("bob", Instrument.CARE, "2026-01-09T11:00:00Z", "counselor-1", 3),  // 30
                uniform("ann", Instrument.PHQ9, "2026-01-10T10:00:00Z", 9, 1),              // 9
                attended("ann", "s5", "2026-01-12T10:00:00Z"),   // Monday: the next week
                discharged("bob", "2026-01-14T10:00:00Z", DischargeReason.COMPLETED));
    }

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void firstWeek() {
        ProgramWeekly w = rapport.week(PROGRAM, "2026-01-05");
        assertThat(w.getSessionsHeld()).isEqualTo(2);         // g1 (once, though two attended) and s4
        assertThat(w.getAttended()).isEqualTo(3);             // ann g1, bob g1, bob s4
        assertThat(w.getMissed()).isEqualTo(1);               // ann s2; s3 counts as neither
        assertThat(w.getAttendanceRate()).isEqualTo(0.75);
        assertThat(w.getActiveClients()).isEqualTo(2);
        assertThat(w.getAdmissions()).isEqualTo(2);
        assertThat(w.getDischarges()).isEmpty();
        assertThat(w.getCareMean()).isEqualTo(35.0);
        assertThat(w.getWaiMean()).isNull();
        assertThat(w.getPhq9Mean()).isEqualTo(9.0);
        assertThat(w.getDropouts()).isZero();
    }

    @Test
    void secondWeek() {
        ProgramWeekly w = rapport.week(PROGRAM, "2026-01-12");
        assertThat(w.getSessionsHeld()).isEqualTo(1);
        assertThat(w.getAttended()).isEqualTo(1);
        assertThat(w.getMissed()).isZero();
        assertThat(w.getAttendanceRate()).isEqualTo(1.0);
        assertThat(w.getActiveClients()).isEqualTo(1);
        assertThat(w.getAdmissions()).isZero();
        assertThat(w.getDischarges()).isEqualTo(Map.of("COMPLETED", 1));
        assertThat(w.getCareMean()).isNull();
    }

    @Test
    void aLateCorrectionFixesItsWeekAndAnOutrankedOneChangesNothing() {
        // Recorded later: ann did attend s2 after all.
        rapport.send(correction("ann", "s2", "2026-01-08T10:00:00Z", AttendanceStatus.ATTENDED, "2026-02-01T09:00:00Z"));
        // An older record of the same session arriving after it is outranked by recorded_at.
        rapport.send(correction("ann", "s2", "2026-01-08T10:00:00Z", AttendanceStatus.NO_SHOW, "2026-01-09T09:00:00Z"));

        ProgramWeekly w = rapport.week(PROGRAM, "2026-01-05");
        assertThat(w.getAttended()).isEqualTo(4);
        assertThat(w.getMissed()).isZero();
        assertThat(w.getSessionsHeld()).isEqualTo(3);
        assertThat(w.getAttendanceRate()).isEqualTo(1.0);
    }

    @Test
    void aRepeatedEventIdChangesNothingWhateverItCarries() {
        AttendanceEvent original = attended("ann", "s9", "2026-01-13T10:00:00Z");
        rapport.send(original);
        // the same event_id again, recorded later and saying NO_SHOW: still the same event, ignored
        rapport.send(AttendanceEvent.newBuilder(original).setStatus(AttendanceStatus.NO_SHOW)
                .setRecordedAt(java.time.Instant.parse("2026-03-01T00:00:00Z")).build());

        ProgramWeekly w = rapport.week(PROGRAM, "2026-01-12");
        assertThat(w.getAttended()).isEqualTo(2);   // s5 and s9
        assertThat(w.getMissed()).isZero();
    }
}
