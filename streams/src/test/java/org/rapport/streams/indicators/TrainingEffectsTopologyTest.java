package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.correction;
import static org.rapport.streams.testing.Events.discharged;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.session;
import static org.rapport.streams.testing.Events.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;
import org.rapport.streams.testing.Events;
import org.rapport.streams.testing.TopologyFixture;

/**
 * SPEC §5.8 worked by hand. Training {@code emp-1} (EMPATHY): alex completes it on 2026-03-01, blair on 03-11, so
 * (window 90 days) alex's before = [2025-12-01, 03-01) and after = [03-01, 05-30); blair's before = [2025-12-11,
 * 03-11) and after = [03-11, 06-09). casey leads sessions in prog-1 like them and completed no EMPATHY training:
 * the comparison group, stacked — casey's rows count once in alex's windows and once in blair's. drew completed
 * another EMPATHY training, and gil leads sessions only in prog-2: neither is in the comparison group, and their
 * 10-point ratings would show if they were.
 */
class TrainingEffectsTopologyTest {

    private static final double EPS = 1e-9;

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    /** The scenario of the class comment, without the late events. */
    static List<SpecificRecord> scenario() {
        List<SpecificRecord> events = new ArrayList<>(List.of(
                training("alex", "emp-1", Curriculum.EMPATHY, "2026-03-01T00:00:00Z"),
                training("blair", "emp-1", Curriculum.EMPATHY, "2026-03-11T00:00:00Z"),
                training("drew", "emp-2", Curriculum.EMPATHY, "2026-01-15T00:00:00Z"),
                training("casey", "mi-1", Curriculum.MOTIVATIONAL_INTERVIEWING, "2026-02-01T00:00:00Z"),
                session("a1", "alex", "2026-01-05"), session("a2", "alex", "2026-01-25"),
                session("a3", "alex", "2026-03-15"), session("a4", "alex", "2026-04-01"),
                session("b1", "blair", "2026-02-05"), session("b2", "blair", "2026-03-01"),
                session("b3", "blair", "2026-03-20"),
                session("k1", "casey", "2026-02-10"), session("k2", "casey", "2026-03-08"),
                session("k3", "casey", "2026-03-09"), session("k4", "casey", "2026-04-10"),
                session("d1", "drew", "2026-02-12"),
                SessionEvent.newBuilder(session("g1", "gil", "2026-02-12")).setProgramId("prog-2").build(),
                // alex's clients. ann: attends twice, completes. bob: misses twice, so DROPOUT at admission + 30 d
                // (01-31); comes back on 03-15 (RE_ENGAGED), the episode stays dropped out. hal: attends, completes.
                admitted("ann", "2026-01-01"), attended("ann", "a1", "2026-01-05"), attended("ann", "a2", "2026-01-25"),
                discharged("ann", "2026-02-10", DischargeReason.COMPLETED),
                admitted("bob", "2026-01-01"), noShow("bob", "a1", "2026-01-05"), noShow("bob", "a2", "2026-01-25"),
                attended("bob", "a3", "2026-03-15"),
                admitted("hal", "2026-03-10"), attended("hal", "a3", "2026-03-15"), attended("hal", "a4", "2026-04-01"),
                discharged("hal", "2026-04-10", DischargeReason.COMPLETED),
                // blair's client cat: attends 02-05, misses 03-01, DROPOUT at 02-05 + 30 d = 03-07, back on 03-20.
                admitted("cat", "2026-02-01"), attended("cat", "b1", "2026-02-05"), noShow("cat", "b2", "2026-03-01"),
                attended("cat", "b3", "2026-03-20"),
                // casey's clients. eli: attends 02-10 and 03-09 (27 days apart), misses 03-08, completes.
                // fay: attends 04-10, then is discharged DROPPED_OUT (a DROPOUT).
                admitted("eli", "2026-01-15"), attended("eli", "k1", "2026-02-10"), noShow("eli", "k2", "2026-03-08"),
                attended("eli", "k3", "2026-03-09"), discharged("eli", "2026-03-30", DischargeReason.COMPLETED),
                admitted("fay", "2026-04-01"), attended("fay", "k4", "2026-04-10"),
                discharged("fay", "2026-04-20", DischargeReason.DROPPED_OUT),
                // drew's and gil's client, outside any episode
                attended("gus", "d1", "2026-02-12"), attended("gus", "g1", "2026-02-12"),
                // CARE ratings (score = 10 × the answer); WAI-SR (score = 12 × the answer)
                rating("ann", Instrument.CARE, "2026-01-10", "alex", 3),    // 30, alex before
                rating("bob", Instrument.CARE, "2026-02-10", "alex", 4),    // 40, alex before
                rating("bob", Instrument.CARE, "2026-03-10", "alex", 4),    // 40, alex after
                rating("hal", Instrument.CARE, "2026-04-10", "alex", 5),    // 50, alex after
                rating("cat", Instrument.CARE, "2026-01-20", "blair", 3),   // 30, blair before
                rating("cat", Instrument.CARE, "2026-04-01", "blair", 5),   // 50, blair after
                rating("eli", Instrument.CARE, "2026-02-05", "casey", 3),   // 30: before alex, before blair
                rating("eli", Instrument.CARE, "2026-03-05", "casey", 4),   // 40: after alex, before blair
                rating("fay", Instrument.CARE, "2026-04-20", "casey", 4),   // 40: after alex, after blair
                rating("gus", Instrument.CARE, "2026-02-01", "drew", 1),    // 10: not a comparison counselor
                rating("gus", Instrument.CARE, "2026-02-02", "gil", 1),     // 10: not a comparison counselor
                rating("ann", Instrument.WAI_SR, "2026-01-12", "alex", 4),  // 48, alex before
                rating("bob", Instrument.WAI_SR, "2026-03-12", "alex", 5)));// 60, alex after
        return events;
    }

    @Test
    void everyFieldOfATwoCounselorTrainingWithAComparisonCounselor() {
        rapport.send(scenario()).tick("2026-05-01T00:00:00Z");
        TrainingEffect e = rapport.trainingEffects().get("emp-1");

        assertThat(e.getCurriculum()).isEqualTo(Curriculum.EMPATHY);
        assertThat(e.getCounselors()).isEqualTo(2);
        assertThat(e.getComparisonCounselors()).isEqualTo(1);                   // casey
        assertThat(e.getProgramIds()).containsExactly("prog-1");
        assertThat(e.getFirstCompleted()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(e.getLastCompleted()).isEqualTo(LocalDate.parse("2026-03-11"));
        assertThat(e.getComplete()).isFalse();                                  // 05-01 < 03-11 + 90 d = 06-09

        // CARE. Trained before {30, 40 | 30}: mean 100/3; variance ((30−33.3)² + (40−33.3)² + (30−33.3)²)/2 = 100/3.
        // After {40, 50 | 50}: mean 140/3, variance 100/3 likewise. Change 40/3;
        // half-width 1.96·√(100/3/3 + 100/3/3) = 1.96·√(200/9).
        assertThat(e.getCareBeforeN()).isEqualTo(3);
        assertThat(e.getCareBefore()).isCloseTo(100.0 / 3, within(EPS));
        assertThat(e.getCareAfterN()).isEqualTo(3);
        assertThat(e.getCareAfter()).isCloseTo(140.0 / 3, within(EPS));
        assertThat(e.getCareChange()).isCloseTo(40.0 / 3, within(EPS));
        assertThat(e.getCareCiLow()).isCloseTo(40.0 / 3 - 1.96 * Math.sqrt(200.0 / 9), within(EPS));
        assertThat(e.getCareCiHigh()).isCloseTo(40.0 / 3 + 1.96 * Math.sqrt(200.0 / 9), within(EPS));
        // Comparison: in alex's windows casey has before {30}, after {40 (03-05), 40 (04-20)}; in blair's, before
        // {30, 40 (03-05)}, after {40 (04-20)}. Before {30, 30, 40} = 100/3, after {40, 40, 40} = 40: change 20/3.
        assertThat(e.getCareComparisonBeforeN()).isEqualTo(3);
        assertThat(e.getCareComparisonAfterN()).isEqualTo(3);
        assertThat(e.getCareComparisonBefore()).isCloseTo(100.0 / 3, within(EPS));
        assertThat(e.getCareComparisonAfter()).isCloseTo(40.0, within(EPS));
        assertThat(e.getCareComparisonChange()).isCloseTo(20.0 / 3, within(EPS));
        assertThat(e.getCareDid()).isCloseTo(40.0 / 3 - 20.0 / 3, within(EPS));

        // WAI-SR: one rating before (48) and one after (60): change 12, no interval (an n < 2), no comparison.
        assertThat(e.getWaiBeforeN()).isEqualTo(1);
        assertThat(e.getWaiBefore()).isEqualTo(48.0);
        assertThat(e.getWaiAfterN()).isEqualTo(1);
        assertThat(e.getWaiAfter()).isEqualTo(60.0);
        assertThat(e.getWaiChange()).isEqualTo(12.0);
        assertThat(e.getWaiCiLow()).isNull();
        assertThat(e.getWaiCiHigh()).isNull();
        assertThat(e.getWaiComparisonBeforeN()).isZero();
        assertThat(e.getWaiComparisonAfterN()).isZero();
        assertThat(e.getWaiComparisonBefore()).isNull();
        assertThat(e.getWaiComparisonAfter()).isNull();
        assertThat(e.getWaiComparisonChange()).isNull();
        assertThat(e.getWaiDid()).isNull();

        // Attendance. Before: alex a1 (ann ✓, bob ✗), a2 (ann ✓, bob ✗); blair b1 (cat ✓), b2 (cat ✗, 03-01 < 03-11):
        // 3 / 6 = 0.5, v = 0.25. After: alex a3 (bob ✓, hal ✓), a4 (hal ✓); blair b3 (cat ✓): 4 / 4 = 1, v = 0.
        // Change 0.5 ± 1.96·√(0.25/6 + 0/4).
        assertThat(e.getAttendanceBeforeN()).isEqualTo(6);
        assertThat(e.getAttendanceBefore()).isEqualTo(0.5);
        assertThat(e.getAttendanceAfterN()).isEqualTo(4);
        assertThat(e.getAttendanceAfter()).isEqualTo(1.0);
        assertThat(e.getAttendanceChange()).isEqualTo(0.5);
        assertThat(e.getAttendanceCiLow()).isCloseTo(0.5 - 1.96 * Math.sqrt(0.25 / 6), within(EPS));
        assertThat(e.getAttendanceCiHigh()).isCloseTo(0.5 + 1.96 * Math.sqrt(0.25 / 6), within(EPS));
        // Comparison. alex's windows: before k1 ✓; after k2 ✗, k3 ✓, k4 ✓. blair's: before k1 ✓, k2 ✗, k3 ✓; after
        // k4 ✓. Before 3 / 4, after 3 / 4: change 0, so the difference in differences is 0.5.
        assertThat(e.getAttendanceComparisonBeforeN()).isEqualTo(4);
        assertThat(e.getAttendanceComparisonAfterN()).isEqualTo(4);
        assertThat(e.getAttendanceComparisonBefore()).isEqualTo(0.75);
        assertThat(e.getAttendanceComparisonAfter()).isEqualTo(0.75);
        assertThat(e.getAttendanceComparisonChange()).isEqualTo(0.0);
        assertThat(e.getAttendanceDid()).isEqualTo(0.5);

        // Dropout. Before: alex {ann, bob (dropped out)}, blair {cat (dropped out)}: 2 / 3. After: alex {bob (dropped),
        // hal}, blair {cat (dropped)}: 2 / 3. Change 0 ± 1.96·√((2/9)/3 + (2/9)/3).
        assertThat(e.getDropoutBeforeN()).isEqualTo(3);
        assertThat(e.getDropoutBefore()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.getDropoutAfterN()).isEqualTo(3);
        assertThat(e.getDropoutAfter()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.getDropoutChange()).isCloseTo(0.0, within(EPS));
        assertThat(e.getDropoutCiLow()).isCloseTo(-1.96 * Math.sqrt(4.0 / 27), within(EPS));
        assertThat(e.getDropoutCiHigh()).isCloseTo(1.96 * Math.sqrt(4.0 / 27), within(EPS));
        // Comparison: alex's windows, before {eli}, after {eli, fay (dropped)}; blair's, before {eli}, after
        // {fay (dropped)}. Before 0 / 2, after 2 / 3: change 2/3, difference in differences 0 − 2/3.
        assertThat(e.getDropoutComparisonBeforeN()).isEqualTo(2);
        assertThat(e.getDropoutComparisonAfterN()).isEqualTo(3);
        assertThat(e.getDropoutComparisonBefore()).isEqualTo(0.0);
        assertThat(e.getDropoutComparisonAfter()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.getDropoutComparisonChange()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.getDropoutDid()).isCloseTo(-2.0 / 3, within(EPS));

        // complete once stream time reaches the last completion + 90 days
        rapport.tick("2026-06-08T23:59:59Z");
        assertThat(rapport.trainingEffects().get("emp-1").getComplete()).isFalse();
        rapport.tick("2026-06-09T00:00:00Z");
        assertThat(rapport.trainingEffects().get("emp-1").getComplete()).isTrue();

        // drew's own training: drew alone; casey is the comparison (alex and blair completed EMPATHY courses)
        TrainingEffect emp2 = rapport.trainingEffects().get("emp-2");
        assertThat(emp2.getCounselors()).isEqualTo(1);
        assertThat(emp2.getComparisonCounselors()).isEqualTo(1);
    }

    @Test
    void aLateRatingAndACorrectedAttendanceMoveTheirMeansAndIntervals() {
        rapport.send(scenario()).tick("2026-05-01T00:00:00Z");
        rapport.send(
                // late: a CARE of 20 for blair on 02-20 (before)
                rating("dan", Instrument.CARE, "2026-02-20", "blair", 2),
                // corrected: bob did attend a1 after all (recorded later)
                correction("bob", "a1", "2026-01-05", AttendanceStatus.ATTENDED, "2026-01-06"));
        TrainingEffect e = rapport.trainingEffects().get("emp-1");

        // CARE before {30, 40, 30, 20}: mean 30, variance (0 + 100 + 0 + 100)/3 = 200/3. After as before: 140/3,
        // 100/3. Change 50/3 ± 1.96·√(200/3/4 + 100/3/3); difference in differences 50/3 − 20/3 = 10.
        assertThat(e.getCareBeforeN()).isEqualTo(4);
        assertThat(e.getCareBefore()).isCloseTo(30.0, within(EPS));
        assertThat(e.getCareChange()).isCloseTo(50.0 / 3, within(EPS));
        double half = 1.96 * Math.sqrt(200.0 / 3 / 4 + 100.0 / 3 / 3);
        assertThat(e.getCareCiLow()).isCloseTo(50.0 / 3 - half, within(EPS));
        assertThat(e.getCareCiHigh()).isCloseTo(50.0 / 3 + half, within(EPS));
        assertThat(e.getCareDid()).isCloseTo(10.0, within(EPS));

        // Attendance before: 4 / 6 (bob's a1 now attended), v = 2/9; change 1/3 ± 1.96·√(2/9/6); DiD 1/3 − 0.
        // bob still dropped out: his DROPOUT (no attended session by 01-31... a1 on 01-05 now is one, so the
        // deadline moves to 01-05 + 30 d = 02-04, still before he came back on 03-15).
        assertThat(e.getAttendanceBefore()).isCloseTo(4.0 / 6, within(EPS));
        assertThat(e.getAttendanceChange()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(e.getAttendanceCiLow()).isCloseTo(1.0 / 3 - 1.96 * Math.sqrt(2.0 / 9 / 6), within(EPS));
        assertThat(e.getAttendanceDid()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(e.getDropoutBefore()).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void aLateEarlierCompletionMovesThatCounselorsWindows() {
        rapport.send(scenario()).tick("2026-05-01T00:00:00Z");
        // blair's certificate of 03-05 arrives late: c = 03-05, before = [12-05, 03-05), after = [03-05, 06-03)
        rapport.send(training("blair", "emp-1", Curriculum.EMPATHY, "2026-03-05T00:00:00Z"));
        TrainingEffect e = rapport.trainingEffects().get("emp-1");

        assertThat(e.getLastCompleted()).isEqualTo(LocalDate.parse("2026-03-05"));
        // casey in blair's windows: before k1 ✓; after k2 ✗, k3 ✓, k4 ✓. With alex's (before k1 ✓; after k2 ✗, k3 ✓,
        // k4 ✓): before 2 / 2, after 4 / 6.
        assertThat(e.getAttendanceComparisonBeforeN()).isEqualTo(2);
        assertThat(e.getAttendanceComparisonAfterN()).isEqualTo(6);
        assertThat(e.getAttendanceComparisonChange()).isCloseTo(4.0 / 6 - 1.0, within(EPS));
        // CARE of casey: alex's windows before {30}, after {40, 40}; blair's before {30}, after {40, 40}.
        assertThat(e.getCareComparisonBeforeN()).isEqualTo(2);
        assertThat(e.getCareComparisonAfterN()).isEqualTo(4);
        assertThat(e.getCareComparisonChange()).isCloseTo(10.0, within(EPS));
        // blair's own rows do not move: b2 (03-01) is still before, b3 (03-20) after
        assertThat(e.getAttendanceBeforeN()).isEqualTo(6);
        assertThat(e.getAttendanceAfterN()).isEqualTo(4);
    }

    @Test
    void aSessionCorrectedToAnotherCounselorAndALateComparisonCounselorMoveTheRightRows() {
        rapport.send(scenario()).tick("2026-05-01T00:00:00Z");
        rapport.send(
                // k4 (04-10, fay attended) was alex's session, not casey's
                SessionEvent.newBuilder(session("k4", "alex", "2026-04-10")).setRecordedAt(Events.at("2026-04-11"))
                        .build(),
                // gil leads a first session in prog-1: he joins the comparison group, with his CARE of 10 on 02-02
                session("g2", "gil", "2026-04-20"));
        TrainingEffect e = rapport.trainingEffects().get("emp-1");

        // Trained after: alex gains k4 (fay ✓, in [03-01, 05-30)): attendance 5 / 5; episodes {bob, hal, fay} + {cat},
        // dropped out bob, fay, cat: 3 / 4.
        assertThat(e.getAttendanceAfterN()).isEqualTo(5);
        assertThat(e.getAttendanceAfter()).isEqualTo(1.0);
        assertThat(e.getDropoutAfterN()).isEqualTo(4);
        assertThat(e.getDropoutAfter()).isEqualTo(0.75);
        // Comparison after loses k4: alex's windows k2 ✗, k3 ✓; blair's nothing: 1 / 2. Before gains gil's g1 (gus ✓,
        // 02-12) in both: alex's k1 ✓, g1 ✓; blair's k1 ✓, k2 ✗, k3 ✓, g1 ✓: 5 / 6.
        // Episodes after: alex's windows {eli}, blair's none: 0 / 1; before 0 / 2 (gus has no episode).
        assertThat(e.getAttendanceComparisonBeforeN()).isEqualTo(6);
        assertThat(e.getAttendanceComparisonAfterN()).isEqualTo(2);
        assertThat(e.getAttendanceComparisonChange()).isCloseTo(0.5 - 5.0 / 6, within(EPS));
        assertThat(e.getDropoutComparisonAfterN()).isEqualTo(1);
        assertThat(e.getDropoutComparisonChange()).isCloseTo(0.0, within(EPS));
        // gil's 10 (02-02) is before both completions: comparison CARE before {30, 10 | 30, 40, 10} = 120 / 5 = 24.
        assertThat(e.getComparisonCounselors()).isEqualTo(2);
        assertThat(e.getCareComparisonBeforeN()).isEqualTo(5);
        assertThat(e.getCareComparisonBefore()).isCloseTo(24.0, within(EPS));
        assertThat(e.getCareComparisonChange()).isCloseTo(40.0 - 24.0, within(EPS));
        assertThat(e.getProgramIds()).containsExactly("prog-1");
    }

    @Test
    void theCurriculumIsTheEarliestEventsTiesByEventId() {
        TrainingEvent mi = TrainingEvent.newBuilder(training("alex", "t-tie", Curriculum.MOTIVATIONAL_INTERVIEWING,
                "2026-03-01T00:00:00Z")).setEventId("00000000-0000-0000-0000-00000000000a").build();
        TrainingEvent empathy = TrainingEvent.newBuilder(training("blair", "t-tie", Curriculum.EMPATHY,
                "2026-03-01T00:00:00Z")).setEventId("00000000-0000-0000-0000-00000000000b").build();
        rapport.send(empathy, mi);
        assertThat(rapport.trainingEffects().get("t-tie").getCurriculum())
                .isEqualTo(Curriculum.MOTIVATIONAL_INTERVIEWING);
        // a later event of another curriculum changes nothing
        rapport.send(training("casey", "t-tie", Curriculum.OTHER, "2026-03-02T00:00:00Z"));
        assertThat(rapport.trainingEffects().get("t-tie").getCurriculum())
                .isEqualTo(Curriculum.MOTIVATIONAL_INTERVIEWING);
        assertThat(rapport.trainingEffects().get("t-tie").getCounselors()).isEqualTo(3);
    }

    @Test
    void theSameEventsShuffledAndRepeatedEndInTheSameRows() {
        List<SpecificRecord> events = scenario();
        rapport.send(events).tick("2026-06-10T00:00:00Z");
        var expected = new java.util.TreeMap<>(rapport.trainingEffects());

        List<SpecificRecord> shuffled = new ArrayList<>(events);
        shuffled.addAll(events.subList(0, 20));
        Collections.shuffle(shuffled, new Random(7));
        try (TopologyFixture other = new TopologyFixture()) {
            other.send(shuffled).tick("2026-06-10T00:00:00Z");
            assertThat(other.trainingEffects()).isEqualTo(expected);
        }
        assertThat(expected).containsKeys("emp-1", "emp-2", "mi-1");
    }
}
