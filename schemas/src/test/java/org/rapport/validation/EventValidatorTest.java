package org.rapport.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Alert;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.config.RapportConfig;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String EVENT_ID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    private static final String CLIENT_ID = "0123456789abcdef0123456789abcdef";

    private final EventValidator validator = new EventValidator(Duration.ofDays(1));

    private static EpisodeEvent admission() {
        return EpisodeEvent.newBuilder()
                .setEventId(EVENT_ID).setClinicId("clinic-north").setProgramId("iop-north")
                .setClientId(CLIENT_ID).setAction(EpisodeAction.ADMITTED)
                .setLevelOfCare(LevelOfCare.INTENSIVE_OUTPATIENT)
                .setOccurredAt(Instant.parse("2026-02-02T09:00:00Z"))
                .build();
    }

    private static SessionEvent session() {
        return SessionEvent.newBuilder()
                .setEventId(EVENT_ID).setClinicId("clinic-north").setProgramId("iop-north")
                .setSessionId("s-2026-02-03-grp").setSessionType(SessionType.GROUP).setCounselorId("c-17")
                .setDurationMinutes(90).setModality(Modality.IN_PERSON)
                .setOccurredAt(Instant.parse("2026-02-03T17:00:00Z"))
                .build();
    }

    private static AttendanceEvent attendance() {
        return AttendanceEvent.newBuilder()
                .setEventId(EVENT_ID).setClinicId("clinic-north").setProgramId("iop-north")
                .setSessionId("s-2026-02-03-grp").setClientId(CLIENT_ID).setStatus(AttendanceStatus.LATE)
                .setOccurredAt(Instant.parse("2026-02-03T17:00:00Z"))
                .build();
    }

    private static SurveyEvent survey(Instrument instrument, Integer... items) {
        return SurveyEvent.newBuilder()
                .setEventId(EVENT_ID).setClinicId("clinic-north").setProgramId("iop-north")
                .setClientId(CLIENT_ID).setInstrument(instrument).setItems(Arrays.asList(items))
                .setCounselorId("c-17")
                .setOccurredAt(Instant.parse("2026-02-10T10:00:00Z"))
                .build();
    }

    private static TrainingEvent training(double hours) {
        return TrainingEvent.newBuilder()
                .setEventId(EVENT_ID).setClinicId("clinic-north").setProgramId("iop-north")
                .setCounselorId("c-17").setTrainingId("empathy:2026-02.north").setCurriculum(Curriculum.EMPATHY)
                .setHours(hours)
                .setOccurredAt(Instant.parse("2026-02-20T16:00:00Z"))
                .build();
    }

    private static Integer[] answers(int count, Integer answer) {
        return Collections.nCopies(count, answer).toArray(new Integer[0]);
    }

    @Nested
    class CommonFields {

        @Test
        void aWellFormedEventHasNoErrors() {
            assertThat(validator.validate(admission(), NOW)).isEmpty();
        }

        @Test
        void eventIdMustBeAUuid() {
            EpisodeEvent e = admission();
            e.setEventId("evt-42");
            assertThat(validator.validate(e, NOW)).containsExactly(new FieldError("event_id", "must be a UUID"));
        }

        @Test
        void eventIdMustHaveTheFullUuidShapeNotWhatUuidFromStringTolerates() {
            EpisodeEvent e = admission();
            e.setEventId("1-1-1-1-1");
            assertThat(validator.validate(e, NOW)).containsExactly(new FieldError("event_id", "must be a UUID"));
        }

        @Test
        void upperCaseUuidIsAccepted() {
            EpisodeEvent e = admission();
            e.setEventId(EVENT_ID.toUpperCase());
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void requiredStringsMustBePresentAndNotBlank() {
            EpisodeEvent e = admission();
            e.setClinicId("  ");
            e.setProgramId(null);
            e.setEventId("");
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("event_id", "must not be blank"),
                    new FieldError("clinic_id", "must not be blank"),
                    new FieldError("program_id", "is required"));
        }

        @Test
        void clientIdMustBeThePseudonymNotTheRecordNumber() {
            String problem = "must be 32 lower-case hex characters (the client pseudonym)";
            for (String bad : List.of("MRN-004211", CLIENT_ID.toUpperCase(), CLIENT_ID.substring(1), CLIENT_ID + "0")) {
                EpisodeEvent e = admission();
                e.setClientId(bad);
                assertThat(validator.validate(e, NOW)).as(bad).containsExactly(new FieldError("client_id", problem));
            }
        }

        @Test
        void occurredAtIsRequired() {
            EpisodeEvent e = admission();
            e.put("occurred_at", null); // the setter cannot null it; a hand-built record can
            assertThat(validator.validate(e, NOW)).containsExactly(new FieldError("occurred_at", "is required"));
        }

        @Test
        void occurredAtMayBeExactlyOneDayAhead() {
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.parse("2026-03-03T12:00:00Z"));
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void occurredAtAMillisecondBeyondOneDayIsRejected() {
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.parse("2026-03-03T12:00:00.001Z"));
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("occurred_at", "is more than 1 day in the future"));
        }

        @Test
        void historyIsFine() {
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.parse("2019-07-01T08:00:00Z"));
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void recordedAtMayNotLieBeyondTheToleranceEither() {
            EpisodeEvent e = admission();
            e.setRecordedAt(Instant.parse("2026-03-04T12:00:00Z"));
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("recorded_at", "is more than 1 day in the future"));
            e.setRecordedAt(Instant.parse("2026-03-03T11:59:59Z"));
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void toleranceComesFromTheConstructorAndIsNamedInTheMessage() {
            EventValidator strict = new EventValidator(Duration.ofHours(12));
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.parse("2026-03-03T00:00:01Z"));
            assertThat(strict.validate(e, NOW))
                    .containsExactly(new FieldError("occurred_at", "is more than 12 hours in the future"));
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void negativeToleranceIsRefused() {
            assertThatThrownBy(() -> new EventValidator(Duration.ofHours(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TimeBounds {

        @Test
        void theEpochIsTheEarliestInstantByDefault() {
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.EPOCH);
            assertThat(validator.validate(e, NOW)).isEmpty();
            e.setOccurredAt(Instant.parse("1969-12-31T23:59:59.999Z"));
            assertThat(validator.validate(e, NOW)).containsExactly(new FieldError("occurred_at",
                    "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
        }

        @Test
        void theFarthestPastAnInstantHoldsIsAFieldErrorNotAnOverflow() {
            SessionEvent s = session();
            s.setOccurredAt(Instant.parse("-999999999-01-01T00:00:00Z"));
            s.setRecordedAt(Instant.MIN);
            assertThat(validator.validate(s, NOW)).containsExactly(
                    new FieldError("occurred_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"),
                    new FieldError("recorded_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
        }

        @Test
        void theFarthestFutureIsAFieldErrorToo() {
            AttendanceEvent a = attendance();
            a.setOccurredAt(Instant.MAX);
            assertThat(validator.validate(a, NOW))
                    .containsExactly(new FieldError("occurred_at", "is more than 1 day in the future"));
        }

        @Test
        void theEarliestInstantIsConfigurableButNeverBeforeTheEpoch() {
            EventValidator from2000 = EventValidator.fromConfig(RapportConfig.defaults()
                    .with("ingest.earliest.instant", "2000-01-01T00:00:00Z"));
            EpisodeEvent e = admission();
            e.setOccurredAt(Instant.parse("1999-12-31T23:00:00Z"));
            assertThat(from2000.validate(e, NOW)).containsExactly(new FieldError("occurred_at",
                    "must not be before 2000-01-01T00:00:00Z (ingest.earliest.instant)"));
            assertThat(from2000.timeProblem("occurred_at", Instant.parse("2000-01-01T00:00:00Z"), NOW)).isEmpty();
            assertThatThrownBy(() -> new EventValidator(Duration.ofDays(1), Instant.parse("1969-01-01T00:00:00Z")))
                    .hasMessageContaining("must not be before 1970-01-01T00:00:00Z");
            assertThatThrownBy(() -> EventValidator.fromConfig(RapportConfig.defaults()
                    .with("ingest.earliest.instant", "yesterday"))).hasMessageContaining("ingest.earliest.instant");
        }
    }

    @Nested
    class IdAlphabet {

        @Test
        void everyIdFieldOfEveryEventIsChecked() {
            SessionEvent s = session();
            s.setClinicId("clinic:north");
            s.setProgramId("north-op|evil");
            s.setSessionId("s\u0000");
            s.setCounselorId("c\u202E17");
            assertThat(validator.validate(s, NOW)).extracting(FieldError::field)
                    .containsExactly("clinic_id", "program_id", "session_id", "counselor_id");

            AttendanceEvent a = attendance();
            a.setSessionId("s\u200B1");
            assertThat(validator.validate(a, NOW)).extracting(FieldError::field).containsExactly("session_id");

            SurveyEvent care = survey(Instrument.CARE, answers(10, 4));
            care.setCounselorId("c 17");
            SurveyEvent craving = survey(Instrument.CRAVING, 3);
            craving.setCounselorId("c\u001b17");
            assertThat(validator.validate(care, NOW)).extracting(FieldError::field).containsExactly("counselor_id");
            assertThat(validator.validate(craving, NOW)).extracting(FieldError::field).containsExactly("counselor_id");
        }

        @Test
        void theProblemNamesTheCharacter() {
            EpisodeEvent e = admission();
            e.setProgramId("north-op|evil");
            assertThat(validator.validate(e, NOW)).containsExactly(new FieldError("program_id",
                    "must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 9 is not allowed"));
        }
    }

    @Nested
    class Configuration {

        private final EpisodeEvent twentyFiveHoursAhead = admission();

        Configuration() {
            twentyFiveHoursAhead.setOccurredAt(Instant.parse("2026-03-03T13:00:00Z"));
        }

        @Test
        void defaultToleranceIsOneDay() {
            EventValidator fromDefaults = EventValidator.fromConfig(RapportConfig.defaults());
            assertThat(fromDefaults.validate(twentyFiveHoursAhead, NOW))
                    .containsExactly(new FieldError("occurred_at", "is more than 1 day in the future"));
        }

        @Test
        void toleranceIsConfigurable() {
            EventValidator lenient = EventValidator.fromConfig(
                    RapportConfig.defaults().with("ingest.future.tolerance", "P2D"));
            assertThat(lenient.validate(twentyFiveHoursAhead, NOW)).isEmpty();
        }

        @Test
        void toleranceIsDescribedInItsLargestWholeUnit() {
            assertThat(EventValidator.describe(Duration.ofDays(1))).isEqualTo("1 day");
            assertThat(EventValidator.describe(Duration.ofDays(3))).isEqualTo("3 days");
            assertThat(EventValidator.describe(Duration.parse("P1DT1H"))).isEqualTo("25 hours");
            assertThat(EventValidator.describe(Duration.parse("PT1H30M"))).isEqualTo("90 minutes");
            assertThat(EventValidator.describe(Duration.ofSeconds(1))).isEqualTo("1 second");
            assertThat(EventValidator.describe(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
        }
    }

    @Nested
    class Episodes {

        @Test
        void dischargeNeedsAReason() {
            EpisodeEvent e = admission();
            e.setAction(EpisodeAction.DISCHARGED);
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("discharge_reason", "is required when action is DISCHARGED"));
            e.setDischargeReason(DischargeReason.DROPPED_OUT);
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void admissionMayNotCarryAReason() {
            EpisodeEvent e = admission();
            e.setDischargeReason(DischargeReason.COMPLETED);
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("discharge_reason", "is only allowed when action is DISCHARGED"));
        }

        @Test
        void actionAndLevelOfCareAreRequired() {
            EpisodeEvent e = admission();
            e.setAction(null);
            e.setLevelOfCare(null);
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("action", "is required"), new FieldError("level_of_care", "is required"));
        }
    }

    @Nested
    class Sessions {

        @Test
        void aWellFormedSessionHasNoErrors() {
            assertThat(validator.validate(session(), NOW)).isEmpty();
        }

        @Test
        void durationIsOneToSixHundredMinutes() {
            SessionEvent e = session();
            e.setDurationMinutes(1);
            assertThat(validator.validate(e, NOW)).isEmpty();
            e.setDurationMinutes(600);
            assertThat(validator.validate(e, NOW)).isEmpty();
            e.setDurationMinutes(0);
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("duration_minutes", "must be between 1 and 600, got 0"));
            e.setDurationMinutes(601);
            assertThat(validator.validate(e, NOW))
                    .containsExactly(new FieldError("duration_minutes", "must be between 1 and 600, got 601"));
        }

        @Test
        void sessionIdCounselorTypeAndModalityAreRequired() {
            SessionEvent e = session();
            e.setSessionId(null);
            e.setSessionType(null);
            e.setCounselorId(" ");
            e.setModality(null);
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("session_id", "is required"),
                    new FieldError("session_type", "is required"),
                    new FieldError("counselor_id", "must not be blank"),
                    new FieldError("modality", "is required"));
        }
    }

    @Nested
    class Attendance {

        @Test
        void aWellFormedAttendanceHasNoErrors() {
            assertThat(validator.validate(attendance(), NOW)).isEmpty();
        }

        @Test
        void sessionIdClientIdAndStatusAreRequired() {
            AttendanceEvent e = attendance();
            e.setSessionId("");
            e.setClientId(null);
            e.setStatus(null);
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("session_id", "must not be blank"),
                    new FieldError("client_id", "is required"),
                    new FieldError("status", "is required"));
        }
    }

    @Nested
    class Surveys {

        @Test
        void aCompleteCareFormIsValid() {
            assertThat(validator.validate(survey(Instrument.CARE, 5, 4, 3, 3, 2, 5, 4, 3, 1, 2), NOW)).isEmpty();
        }

        @Test
        void missingItemsAreValidTheyOnlyAffectScoring() {
            SurveyEvent e = survey(Instrument.CARE, null, null, null, null, null, null, null, null, null, null);
            assertThat(validator.validate(e, NOW)).isEmpty();
        }

        @Test
        void itemCountMustMatchTheInstrument() {
            assertThat(validator.validate(survey(Instrument.CARE, answers(9, 3)), NOW))
                    .containsExactly(new FieldError("items", "CARE needs 10 items, got 9"));
            assertThat(validator.validate(survey(Instrument.PHQ9, answers(10, 0)), NOW))
                    .containsExactly(new FieldError("items", "PHQ9 needs 9 items, got 10"));
            assertThat(validator.validate(survey(Instrument.CRAVING), NOW))
                    .containsExactly(new FieldError("items", "CRAVING needs 1 item, got 0"));
        }

        @Test
        void eachAnswerMustLieOnTheInstrumentScale() {
            SurveyEvent e = survey(Instrument.CARE, 5, 4, 3, 7, 2, 5, 4, 3, 0, 2);
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("items[3]", "must be between 1 and 5, got 7 (item 4)"),
                    new FieldError("items[8]", "must be between 1 and 5, got 0 (item 9)"));
        }

        @Test
        void bamScaleIsZeroToThirtyDays() {
            Integer[] items = answers(17, 0);
            items[0] = 30;
            assertThat(validator.validate(survey(Instrument.BAM, items), NOW)).isEmpty();
            items[16] = 31;
            items[5] = -1;
            assertThat(validator.validate(survey(Instrument.BAM, items), NOW)).containsExactly(
                    new FieldError("items[5]", "must be between 0 and 30, got -1 (item 6)"),
                    new FieldError("items[16]", "must be between 0 and 30, got 31 (item 17)"));
        }

        @Test
        void cravingScaleIsZeroToTen() {
            assertThat(validator.validate(survey(Instrument.CRAVING, 10), NOW)).isEmpty();
            assertThat(validator.validate(survey(Instrument.CRAVING, 11), NOW))
                    .containsExactly(new FieldError("items[0]", "must be between 0 and 10, got 11 (item 1)"));
        }

        @Test
        void wrongCountAndOutOfRangeAnswersAreAllReported() {
            assertThat(validator.validate(survey(Instrument.GAD7, 0, 1, 4), NOW)).containsExactly(
                    new FieldError("items", "GAD7 needs 7 items, got 3"),
                    new FieldError("items[2]", "must be between 0 and 3, got 4 (item 3)"));
        }

        @Test
        void careAndWaiNeedTheRatedCounselor() {
            SurveyEvent care = survey(Instrument.CARE, answers(10, 4));
            care.setCounselorId(null);
            assertThat(validator.validate(care, NOW))
                    .containsExactly(new FieldError("counselor_id", "is required for CARE"));
            SurveyEvent wai = survey(Instrument.WAI_SR, answers(12, 4));
            wai.setCounselorId(null);
            assertThat(validator.validate(wai, NOW))
                    .containsExactly(new FieldError("counselor_id", "is required for WAI_SR"));
            wai.setCounselorId("");
            assertThat(validator.validate(wai, NOW))
                    .containsExactly(new FieldError("counselor_id", "must not be blank"));
        }

        @Test
        void otherInstrumentsNeedNoCounselor() {
            SurveyEvent phq = survey(Instrument.PHQ9, answers(9, 1));
            phq.setCounselorId(null);
            assertThat(validator.validate(phq, NOW)).isEmpty();
        }

        @Test
        void instrumentAndItemsAreRequired() {
            SurveyEvent e = survey(Instrument.CARE, answers(10, 4));
            e.setInstrument(null);
            e.setItems(null);
            assertThat(validator.validate(e, NOW)).containsExactly(
                    new FieldError("instrument", "is required"), new FieldError("items", "is required"));
        }
    }

    @Nested
    class Trainings {

        @Test
        void aWellFormedTrainingHasNoErrors() {
            assertThat(validator.validate(training(16), NOW)).isEmpty();
        }

        @Test
        void hoursRunFromHalfAnHourToTwoHundredInclusive() {
            for (double ok : new double[] {0.5, 1, 16.5, 199.5, 200}) {
                assertThat(validator.validate(training(ok), NOW)).as("%s hours", ok).isEmpty();
            }
            assertThat(validator.validate(training(0), NOW)).containsExactly(
                    new FieldError("hours", "must be between 0.5 and 200 hours, got 0"));
            assertThat(validator.validate(training(200.5), NOW)).containsExactly(
                    new FieldError("hours", "must be between 0.5 and 200 hours, got 200.5"));
            assertThat(validator.validate(training(-16), NOW)).containsExactly(
                    new FieldError("hours", "must be between 0.5 and 200 hours, got -16"));
        }

        @Test
        void hoursAreCountedInHalfHours() {
            assertThat(validator.validate(training(1.25), NOW)).containsExactly(
                    new FieldError("hours", "must be a whole number of half hours (0.5, 1, 1.5 …), got 1.25"));
            assertThat(validator.validate(training(16.3), NOW)).extracting(FieldError::field).containsExactly("hours");
            // The nearest double above 0.5: not a half hour, however close.
            assertThat(validator.validate(training(Math.nextUp(0.5)), NOW)).extracting(FieldError::field)
                    .containsExactly("hours");
        }

        @Test
        void hoursThatAreNotNumbersAreRejectedNotCompared() {
            // A producer writing Avro directly can send what JSON cannot: NaN compares false with every bound.
            assertThat(validator.validate(training(Double.NaN), NOW)).containsExactly(
                    new FieldError("hours", "must be between 0.5 and 200 hours, got NaN"));
            assertThat(validator.validate(training(Double.POSITIVE_INFINITY), NOW)).containsExactly(
                    new FieldError("hours", "must be between 0.5 and 200 hours, got Infinity"));
        }

        @Test
        void counselorTrainingAndCurriculumAreRequired() {
            TrainingEvent t = training(8);
            t.setCounselorId(null);
            t.setTrainingId(" ");
            t.setCurriculum(null);
            assertThat(validator.validate(t, NOW)).containsExactly(
                    new FieldError("counselor_id", "is required"),
                    new FieldError("training_id", "must not be blank"),
                    new FieldError("curriculum", "is required"));
        }

        @Test
        void trainingIdIsOneToSixtyFourOfTheIdAlphabet() {
            TrainingEvent t = training(8);
            t.setTrainingId("a".repeat(64));
            assertThat(validator.validate(t, NOW)).isEmpty();
            t.setTrainingId("a".repeat(65));
            assertThat(validator.validate(t, NOW)).containsExactly(new FieldError("training_id",
                    "must be 1-64 characters of A-Z a-z 0-9 . _ : -, got 65 characters"));
            t.setTrainingId("empathy|2026");
            assertThat(validator.validate(t, NOW)).containsExactly(new FieldError("training_id",
                    "must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 8 is not allowed"));
            t.setTrainingId("empathy 2026");
            assertThat(validator.validate(t, NOW)).extracting(FieldError::field).containsExactly("training_id");
        }

        @Test
        void completionIsBoundedLikeEveryOccurredAt() {
            TrainingEvent t = training(8);
            t.setOccurredAt(Instant.parse("2026-03-03T12:00:00.001Z"));
            t.setRecordedAt(Instant.parse("1969-12-31T23:59:59Z"));
            assertThat(validator.validate(t, NOW)).containsExactly(
                    new FieldError("occurred_at", "is more than 1 day in the future"),
                    new FieldError("recorded_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
            t.setOccurredAt(Instant.parse("2026-03-03T12:00:00Z"));
            t.setRecordedAt(null);
            assertThat(validator.validate(t, NOW)).as("exactly one day ahead").isEmpty();
        }

        @Test
        void commonFieldsAreCheckedAsForEveryEvent() {
            TrainingEvent t = training(8);
            t.setEventId("training-1");
            t.setClinicId("clinic:north");
            t.setProgramId("");
            assertThat(validator.validate(t, NOW)).extracting(FieldError::field)
                    .containsExactly("event_id", "clinic_id", "program_id");
        }
    }

    @Nested
    class Dispatch {

        @Test
        void genericEntryPointValidatesEachInputType() {
            EpisodeEvent discharge = admission();
            discharge.setAction(EpisodeAction.DISCHARGED);
            SessionEvent longSession = session();
            longSession.setDurationMinutes(900);
            AttendanceEvent noStatus = attendance();
            noStatus.setStatus(null);
            SurveyEvent shortCare = survey(Instrument.CARE, answers(3, 4));

            assertThat(validator.validate((SpecificRecord) discharge, NOW)).extracting(FieldError::field)
                    .containsExactly("discharge_reason");
            assertThat(validator.validate((SpecificRecord) longSession, NOW)).extracting(FieldError::field)
                    .containsExactly("duration_minutes");
            assertThat(validator.validate((SpecificRecord) noStatus, NOW)).extracting(FieldError::field)
                    .containsExactly("status");
            assertThat(validator.validate((SpecificRecord) shortCare, NOW)).extracting(FieldError::field)
                    .containsExactly("items");
            assertThat(validator.validate((SpecificRecord) training(0.25), NOW)).extracting(FieldError::field)
                    .containsExactly("hours");
        }

        @Test
        void outputRecordsAreNotInputEvents() {
            assertThatThrownBy(() -> validator.validate(new Alert(), NOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not an input event: org.rapport.avro.Alert");
        }

        @Test
        void fieldErrorReadsAsASentence() {
            assertThat(new FieldError("event_id", "must be a UUID")).hasToString("event_id must be a UUID");
        }
    }
}
