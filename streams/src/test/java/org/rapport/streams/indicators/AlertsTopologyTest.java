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
import static org.rapport.streams.testing.Events.survey;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.RiskState;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.3, one worked example per alert kind. */
class AlertsTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    private List<String> effective(String client) {
        return rapport.effectiveAlerts().stream()
                .filter(a -> a.getClientId().equals(org.rapport.streams.testing.Events.client(client)))
                .map(a -> a.getKind() + "@" + a.getAt()).toList();
    }

    @Test
    void secondConsecutiveMissRaisesAtRiskAndTheNextAttendanceReEngages() {
        rapport.send(admitted("ann", "2026-01-05T09:00:00Z"),
                attended("ann", "s1", "2026-01-06T10:00:00Z"),
                noShow("ann", "s2", "2026-01-08T10:00:00Z"),   // 1 consecutive miss
                noShow("ann", "s3", "2026-01-10T10:00:00Z"),   // 2 -> AT_RISK here
                noShow("ann", "s4", "2026-01-11T10:00:00Z"),   // 3 -> not again
                attended("ann", "s5", "2026-01-12T10:00:00Z")); // RE_ENGAGED

        assertThat(effective("ann")).containsExactly("AT_RISK@2026-01-10T10:00:00Z", "RE_ENGAGED@2026-01-12T10:00:00Z");
        assertThat(rapport.status("ann").getRisk()).isEqualTo(RiskState.NONE);
    }

    @Test
    void cancelledByProgramNeitherBreaksNorExtendsAMissingStreak() {
        rapport.send(admitted("bob", "2026-01-05T09:00:00Z"),
                attended("bob", "s1", "2026-01-06T10:00:00Z"),
                noShow("bob", "s2", "2026-01-07T10:00:00Z"),
                attendance("bob", "s3", "2026-01-08T10:00:00Z", AttendanceStatus.CANCELLED_BY_PROGRAM),
                attendance("bob", "s4", "2026-01-09T10:00:00Z", AttendanceStatus.CANCELLED_BY_CLIENT));

        assertThat(effective("bob")).containsExactly("AT_RISK@2026-01-09T10:00:00Z");
        assertThat(rapport.status("bob").getConsecutiveMissed()).isEqualTo(2);
        assertThat(rapport.status("bob").getRisk()).isEqualTo(RiskState.AT_RISK);
    }

    @Test
    void inactivityDeadlineFiresOnlyOnceStreamTimeIsPastIt() {
        rapport.send(admitted("cat", "2026-02-02T09:00:00Z"), attended("cat", "s1", "2026-02-03T10:00:00Z"));
        // last attended 02-03 10:00 + 14 d = 02-17 10:00
        rapport.tick("2026-02-17T10:00:00Z");
        assertThat(effective("cat")).isEmpty();
        rapport.tick("2026-02-17T10:00:01Z");
        assertThat(effective("cat")).containsExactly("AT_RISK@2026-02-17T10:00:00Z");
    }

    @Test
    void aLateAttendanceRetractsTheAlertItShowsShouldNotHaveFired() {
        rapport.send(admitted("dan", "2026-02-02T09:00:00Z"), attended("dan", "s1", "2026-02-03T10:00:00Z"));
        rapport.tick("2026-02-18T00:00:00Z");
        Alert atRisk = rapport.effectiveAlerts("dan", AlertKind.AT_RISK).get(0);
        assertThat(atRisk.getAt()).isEqualTo(at("2026-02-17T10:00:00Z"));

        // The clinic records, late, that Dan attended on 02-16: the deadline moves to 03-02 10:00.
        rapport.send(attended("dan", "s2", "2026-02-16T10:00:00Z"));

        assertThat(effective("dan")).isEmpty();
        assertThat(rapport.alertLog()).filteredOn(a -> a.getKind() == AlertKind.RETRACTED)
                .extracting(Alert::getRetracts).containsExactly(atRisk.getAlertId());
    }

    @Test
    void thirtyDaysWithoutAttendanceIsADropoutAndOnlyOne() {
        rapport.send(admitted("eve", "2026-03-02T09:00:00Z"));
        // no session: AT_RISK at admission + 14 d, DROPOUT at admission + 30 d
        rapport.tick("2026-04-01T09:00:01Z");
        rapport.send(discharged("eve", "2026-04-02T09:00:00Z", DischargeReason.DROPPED_OUT));

        assertThat(effective("eve")).containsExactly("AT_RISK@2026-03-16T09:00:00Z", "DROPOUT@2026-04-01T09:00:00Z");
        assertThat(rapport.status("eve").getRisk()).isEqualTo(RiskState.DROPPED_OUT);
    }

    @Test
    void aDischargeForDroppingOutIsADropoutAtTheDischarge() {
        rapport.send(admitted("fay", "2026-01-05T09:00:00Z"), attended("fay", "s1", "2026-01-06T10:00:00Z"),
                discharged("fay", "2026-01-10T10:00:00Z", DischargeReason.DROPPED_OUT));
        rapport.tick("2026-03-01T00:00:00Z");  // the episode is closed: no inactivity alerts

        assertThat(effective("fay")).containsExactly("DROPOUT@2026-01-10T10:00:00Z");
    }

    @Test
    void useAfterAZeroUseBamIsAReturnToUse() {
        rapport.send(admitted("gus", "2026-01-05T09:00:00Z"),
                bamWithUse("gus", "2026-01-07T10:00:00Z", 0),
                bamWithUse("gus", "2026-02-04T10:00:00Z", 3),   // 0 -> 3: RETURN_TO_USE
                bamWithUse("gus", "2026-03-04T10:00:00Z", 2));  // 3 -> 2: nothing new

        assertThat(rapport.effectiveAlerts("gus", AlertKind.RETURN_TO_USE)).extracting(Alert::getAt)
                .containsExactly(at("2026-02-04T10:00:00Z"));
    }

    @Test
    void aCravingThreePointsAboveTheFirstTwoIsASpike() {
        rapport.send(admitted("hal", "2026-01-05T09:00:00Z"),
                craving("hal", "2026-01-06T10:00:00Z", 4),
                craving("hal", "2026-01-13T10:00:00Z", 5),   // baseline (4 + 5) / 2 = 4.5
                craving("hal", "2026-01-20T10:00:00Z", 7),   // 7 < 7.5
                craving("hal", "2026-01-27T10:00:00Z", 8));  // 8 >= 7.5: spike

        assertThat(rapport.effectiveAlerts("hal", AlertKind.CRAVING_SPIKE)).extracting(Alert::getAt)
                .containsExactly(at("2026-01-27T10:00:00Z"));
    }

    @Test
    void phq9ItemNineAboveZeroIsASafetyAlertEvenOutsideAnEpisodeAndUnscored() {
        // 3 missing items: unscored, but item 9 = 1
        rapport.send(survey("ida", Instrument.PHQ9, "2026-01-06T10:00:00Z", 1, 2, null, null, null, 1, 1, 0, 1));

        assertThat(effective("ida")).containsExactly("SAFETY@2026-01-06T10:00:00Z");
    }

    @Test
    void missesOutsideAnEpisodeRaiseNoEpisodeAlert() {
        rapport.send(noShow("jon", "s1", "2026-01-06T10:00:00Z"), noShow("jon", "s2", "2026-01-07T10:00:00Z"));
        rapport.tick("2026-03-01T00:00:00Z");

        assertThat(effective("jon")).isEmpty();
        assertThat(rapport.status("jon").getConsecutiveMissed()).isEqualTo(2);
    }
}
