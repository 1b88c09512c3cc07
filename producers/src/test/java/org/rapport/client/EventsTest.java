package org.rapport.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.validation.EventValidator;
import org.rapport.validation.FieldError;

class EventsTest {

    private static final Instant AT = Instant.parse("2026-03-02T14:00:00Z");
    private final EventConverter converter = new EventConverter(new Pseudonymizer("demo-secret"),
            new EventValidator(Duration.ofDays(1)), Clock.fixed(AT, ZoneOffset.UTC), Duration.ofDays(1));

    @Test
    void everyFactoryBuildsAValidEvent() {
        List<IncomingEvent> events = List.of(
                Events.admitted("clinic-a", "p", "MRN-0001", LevelOfCare.OTP, AT).build(),
                Events.discharged("clinic-a", "p", "MRN-0001", LevelOfCare.OTP, DischargeReason.TRANSFERRED, AT).build(),
                Events.session("clinic-a", "p", "S-1", SessionType.FAMILY, "co-1", 60, Modality.TELEHEALTH, AT).build(),
                Events.attendance("clinic-a", "p", "S-1", "MRN-0001", AttendanceStatus.LATE, AT).build(),
                Events.survey("clinic-a", "p", "MRN-0001", Instrument.GAD7, Arrays.asList(1, 2, null, 0, 3, 1, 0), null, AT)
                        .build(),
                Events.training("clinic-a", "p", "co-1", "mi-2026-spring", Curriculum.MOTIVATIONAL_INTERVIEWING, 12.5, AT)
                        .build(),
                Events.tick(AT));

        assertThat(events).allSatisfy(e -> assertThat(converter.convert(e).errors()).isEmpty());
        EpisodeEvent discharged = (EpisodeEvent) ((Outgoing.Event) converter.convert(events.get(1)).outgoing()).value();
        assertThat(discharged.getDischargeReason()).isEqualTo(DischargeReason.TRANSFERRED);
        assertThat(discharged.getClientId()).isEqualTo("2700103b097e11a7f9b0fc763c6d9641");
        SurveyEvent survey = (SurveyEvent) ((Outgoing.Event) converter.convert(events.get(4)).outgoing()).value();
        assertThat(survey.getItems()).isEqualTo(Arrays.asList(1, 2, null, 0, 3, 1, 0));
        Outgoing.Event training = (Outgoing.Event) converter.convert(events.get(5)).outgoing();
        assertThat(training.key()).isEqualTo("co-1");
        assertThat(((TrainingEvent) training.value()).getHours()).isEqualTo(12.5);
        assertThat(((TrainingEvent) training.value()).getCurriculum()).isEqualTo(Curriculum.MOTIVATIONAL_INTERVIEWING);
    }

    @Test
    void theValidatorStillJudgesWhatTypesCannot() {
        IncomingEvent care = Events.survey("clinic-a", "p", "MRN-0001", Instrument.CARE, List.of(5, 5), null, AT).build();
        assertThat(converter.convert(care).errors()).containsExactlyInAnyOrder(
                new FieldError("counselor_id", "is required for CARE"),
                new FieldError("items", "CARE needs 10 items, got 2"));
    }
}
