package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.bamWithUse;
import static org.rapport.streams.testing.Events.discharged;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.survey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5.6: episodes banded by their mean CARE and WAI-SR, with the outcomes of each band. */
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
}
