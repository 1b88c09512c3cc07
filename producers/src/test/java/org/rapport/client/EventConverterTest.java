package org.rapport.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.ingest.json.JsonEvents;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.programs.Program;
import org.rapport.programs.ProgramRegistry;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;
import org.rapport.validation.FieldError;
import org.junit.jupiter.api.Test;

class EventConverterTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final String PSEUDONYM = "2700103b097e11a7f9b0fc763c6d9641"; // clinic-a:MRN-0001 with demo-secret
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventConverter converter = new EventConverter(new Pseudonymizer("demo-secret"),
            new EventValidator(Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(1));

    private Converted convert(String json) throws Exception {
        return converter.convert(JsonEvents.fromNode(JSON.readTree(json)));
    }

    @Test
    void episodeBecomesAPseudonymousEpisodeEventKeyedByClientId() throws Exception {
        Converted c = convert("""
                {"type":"episode","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b01","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-02T09:30:00+01:00","client_ref":"MRN-0001",
                 "action":"DISCHARGED","level_of_care":"INTENSIVE_OUTPATIENT","discharge_reason":"DROPPED_OUT"}""");

        assertThat(c.errors()).isEmpty();
        Outgoing.Event e = (Outgoing.Event) c.outgoing();
        assertThat(e.topic()).isEqualTo(Topics.EPISODES);
        assertThat(e.key()).isEqualTo(PSEUDONYM);
        assertThat(e.clinicId()).isEqualTo("clinic-a");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-02T08:30:00Z"));
        EpisodeEvent v = (EpisodeEvent) e.value();
        assertThat(v.getClientId()).isEqualTo(PSEUDONYM);
        assertThat(v.getLevelOfCare()).isEqualTo(LevelOfCare.INTENSIVE_OUTPATIENT);
        assertThat(v.getDischargeReason()).isEqualTo(DischargeReason.DROPPED_OUT);
        assertThat(v.getRecordedAt()).isNull();
        assertThat(v.toString()).doesNotContain("MRN-0001");
    }

    @Test
    void sessionIsKeyedBySessionIdAndKeepsTheCounselor() throws Exception {
        Converted c = convert("""
                {"type":"session","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b02","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-02T14:00:00Z","session_id":"S-77",
                 "session_type":"GROUP","counselor_id":"co-9","duration_minutes":90,"modality":"TELEHEALTH",
                 "recorded_at":"2026-03-02T16:00:00Z"}""");

        Outgoing.Event e = (Outgoing.Event) c.outgoing();
        assertThat(e.key()).isEqualTo("S-77");
        SessionEvent v = (SessionEvent) e.value();
        assertThat(v.getSessionType()).isEqualTo(SessionType.GROUP);
        assertThat(v.getModality()).isEqualTo(Modality.TELEHEALTH);
        assertThat(v.getDurationMinutes()).isEqualTo(90);
        assertThat(v.getCounselorId()).isEqualTo("co-9");
        assertThat(v.getRecordedAt()).isEqualTo(Instant.parse("2026-03-02T16:00:00Z"));
    }

    @Test
    void attendanceAndSurveyWithMissingItems() throws Exception {
        AttendanceEvent a = (AttendanceEvent) ((Outgoing.Event) convert("""
                {"type":"attendance","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b03","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-02T14:00:00Z","session_id":"S-77",
                 "client_ref":"MRN-0001","status":"left_early"}""").outgoing()).value();
        assertThat(a.getStatus()).isEqualTo(AttendanceStatus.LEFT_EARLY);
        assertThat(a.getClientId()).isEqualTo(PSEUDONYM);

        Converted s = convert("""
                {"type":"survey","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b04","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-02T14:00:00Z","client_ref":"MRN-0001",
                 "instrument":"PHQ9","items":[1,0,2,null,3,0,1,null,1]}""");
        SurveyEvent v = (SurveyEvent) ((Outgoing.Event) s.outgoing()).value();
        assertThat(v.getInstrument()).isEqualTo(Instrument.PHQ9);
        assertThat(v.getItems()).isEqualTo(Arrays.asList(1, 0, 2, null, 3, 0, 1, null, 1));
        assertThat(v.getCounselorId()).isNull();
    }

    static String training(String hours) {
        return """
                {"type":"training","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b09","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-06T16:00:00Z","counselor_id":"co-9",
                 "training_id":"empathy-2026-03","curriculum":"EMPATHY","hours":%s}""".formatted(hours);
    }

    @Test
    void trainingIsKeyedByTheCounselorAndCarriesNoClient() throws Exception {
        Converted c = convert(training("16.5"));

        assertThat(c.errors()).isEmpty();
        Outgoing.Event e = (Outgoing.Event) c.outgoing();
        assertThat(e.topic()).isEqualTo(Topics.TRAININGS);
        assertThat(e.key()).isEqualTo("co-9");
        assertThat(e.clinicId()).isEqualTo("clinic-a");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-03-06T16:00:00Z"));
        TrainingEvent v = (TrainingEvent) e.value();
        assertThat(v.getTrainingId()).isEqualTo("empathy-2026-03");
        assertThat(v.getCurriculum()).isEqualTo(Curriculum.EMPATHY);
        assertThat(v.getHours()).isEqualTo(16.5);
        assertThat(v.getProgramId()).isEqualTo("p-iop");
        assertThat(v.getRecordedAt()).isNull();
    }

    @Test
    void trainingHoursMayBeWrittenAsAnyJsonNumberOrAsText() throws Exception {
        for (String hours : new String[] {"16", "16.0", "1.6e1", "\"16\""}) {
            Converted c = convert(training(hours));
            assertThat(c.errors()).as(hours).isEmpty();
            assertThat(((TrainingEvent) ((Outgoing.Event) c.outgoing()).value()).getHours()).as(hours).isEqualTo(16.0);
        }
    }

    @Test
    void trainingHoursThatAreNotAWholeNumberOfHalfHoursFromHalfAnHourToTwoHundredAreRefused() throws Exception {
        assertThat(convert(training("0.5")).errors()).isEmpty();
        assertThat(convert(training("200")).errors()).isEmpty();
        assertThat(convert(training("1.25")).errors()).containsExactly(
                new FieldError("hours", "must be a whole number of half hours (0.5, 1, 1.5 …), got 1.25"));
        assertThat(convert(training("200.5")).errors()).containsExactly(
                new FieldError("hours", "must be between 0.5 and 200 hours, got 200.5"));
        assertThat(convert(training("0")).errors()).containsExactly(
                new FieldError("hours", "must be between 0.5 and 200 hours, got 0"));
        // What Double.parseDouble would take but is no number a person writes.
        for (String text : new String[] {"NaN", "Infinity", "0x1p4", "16d", "sixteen", ""}) {
            assertThat(convert(training("\"" + text + "\"")).errors()).as(text).singleElement()
                    .satisfies(error -> assertThat(error.field()).isEqualTo("hours"));
        }
        assertThat(convert(training("true")).errors())
                .containsExactly(new FieldError("hours", "must be a number such as 16.5, got 'true'"));
    }

    @Test
    void aTrainingNamesItsCounselorAndCourseAndNoClient() throws Exception {
        Converted c = convert("""
                {"type":"training","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b09","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"2026-03-06T16:00:00Z","client_ref":"MRN-0001",
                 "training_id":"empathy|2026","curriculum":"KINDNESS","hours":8}""");

        assertThat(c.outgoing()).isNull();
        assertThat(c.errors()).containsExactlyInAnyOrder(
                new FieldError("client_ref", "is not a field of a training event"),
                new FieldError("counselor_id", "is required"),
                new FieldError("curriculum", "unknown value 'KINDNESS'; expected one of EMPATHY|MOTIVATIONAL_INTERVIEWING"
                        + "|COMPASSION_FOCUSED|PEER_SUPPORT|TRAUMA_INFORMED|OTHER"),
                new FieldError("training_id",
                        "must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 8 is not allowed"));
        assertThat(convert(training("8").replace("empathy-2026-03", "empathy|2026")).errors()).containsExactly(
                new FieldError("training_id",
                        "must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 8 is not allowed"));
    }

    @Test
    void tickCarriesOnlyItsTime() throws Exception {
        Converted c = convert("{\"type\":\"tick\",\"occurred_at\":\"2026-03-10T12:00:00Z\"}");
        assertThat(c.outgoing()).isEqualTo(new Outgoing.Tick(NOW));

        assertThat(convert("{\"type\":\"tick\",\"occurred_at\":\"2026-03-12T12:00:00Z\"}").errors())
                .containsExactly(new FieldError("occurred_at", "is more than PT24H in the future"));
        assertThat(convert("{\"type\":\"tick\",\"occurred_at\":\"2026-03-10T12:00:00Z\",\"clinic_id\":\"c\"}")
                .errors()).containsExactly(new FieldError("clinic_id", "is not a field of a tick event"));
    }

    @Test
    void shapeErrorsAreReportedPerFieldAllAtOnce() throws Exception {
        Converted c = convert("""
                {"type":"session","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b02","clinic_id":"clinic-a",
                 "occurred_at":"yesterday","session_id":"S-77","session_type":"CIRCLE","counselor_id":"co-9",
                 "duration_minutes":"ninety","modality":"IN_PERSON","client_ref":"MRN-1"}""");

        assertThat(c.outgoing()).isNull();
        assertThat(c.errors()).containsExactlyInAnyOrder(
                new FieldError("client_ref", "is not a field of a session event"),
                new FieldError("program_id", "is required"),
                new FieldError("session_type",
                        "unknown value 'CIRCLE'; expected one of INDIVIDUAL|GROUP|FAMILY|PEER_SUPPORT"),
                new FieldError("duration_minutes", "must be a whole number, got 'ninety'"),
                new FieldError("occurred_at",
                        "must be an ISO-8601 instant such as 2026-03-02T14:00:00Z, got 'yesterday'"));
    }

    @Test
    void unknownOrMissingTypeAndSentClientIdAreRefused() throws Exception {
        assertThat(convert("{\"event_id\":\"x\"}").errors()).extracting(FieldError::field).containsExactly("type");
        assertThat(convert("{\"type\":\"visit\"}").errors().get(0).problem()).startsWith("unknown value 'visit'");
        assertThat(convert("""
                {"type":"attendance","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b03","clinic_id":"clinic-a",
                 "program_id":"p","occurred_at":"2026-03-02T14:00:00Z","session_id":"S","client_id":"abc",
                 "client_ref":"MRN-0001","status":"ATTENDED"}""").errors()).containsExactly(
                new FieldError("client_id", "is computed by Rapport from client_ref and may not be sent"));
        assertThat(convert("[1]").errors()).extracting(FieldError::problem)
                .contains("an event must be a JSON object");
    }

    @Test
    void theSharedValidatorJudgesRangesCountsAndTheFuture() throws Exception {
        Converted c = convert("""
                {"type":"survey","event_id":"not-a-uuid","clinic_id":"clinic-a","program_id":"p",
                 "occurred_at":"2026-03-11T12:00:01Z","client_ref":"MRN-0001","instrument":"CARE",
                 "items":[1,2,3,4,5,6,1,2,3]}""");

        assertThat(c.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("event_id", "occurred_at", "counselor_id", "items", "items[5]");
    }

    @Test
    void itemsOfTheWrongJsonShapeAreNamed() throws Exception {
        assertThat(convert("""
                {"type":"survey","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b04","clinic_id":"clinic-a",
                 "program_id":"p","occurred_at":"2026-03-02T14:00:00Z","client_ref":"MRN-0001",
                 "instrument":"CRAVING","items":["7"]}""").errors())
                .containsExactly(new FieldError("items[0]", "must be a whole number or null, got \"7\""));
        assertThat(convert("""
                {"type":"survey","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b04","clinic_id":{"id":1},
                 "program_id":"p","occurred_at":"2026-03-02T14:00:00Z","client_ref":"MRN-0001",
                 "instrument":"CRAVING","items":7}""").errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("clinic_id", "items", "clinic_id", "items");
    }

    @Test
    void aBadDateDoesNotHideTheOtherProblemsOfTheEvent() throws Exception {
        Converted c = convert("""
                {"type":"survey","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b04","clinic_id":"clinic-a",
                 "program_id":"p","occurred_at":"02/03/2026","client_ref":"MRN-0001","instrument":"PHQ9",
                 "items":[1,0,2,0,3,0,1,0,4]}""");

        assertThat(c.errors()).containsExactlyInAnyOrder(
                new FieldError("occurred_at", "must be an ISO-8601 instant such as 2026-03-02T14:00:00Z, got '02/03/2026'"),
                new FieldError("items[8]", "must be between 0 and 3, got 4 (item 9)"));
    }

    @Test
    void anUnknownProgramOrAnotherClinicsProgramIsNamedInTheErrors() throws Exception {
        EventConverter withRegistry = new EventConverter(new Pseudonymizer("demo-secret"),
                new EventValidator(Duration.ofDays(1)), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(1),
                ProgramRegistry.of(java.util.List.of(
                        new Program("north-op", "clinic-north", "North Outpatient", LevelOfCare.OUTPATIENT))));
        String episode = """
                {"type":"episode","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b01","clinic_id":"%s",
                 "program_id":"%s","occurred_at":"2026-03-02T09:30:00Z","client_ref":"MRN-0001",
                 "action":"ADMITTED","level_of_care":"OUTPATIENT"}""";

        assertThat(withRegistry.convert(JsonEvents.fromNode(JSON.readTree(episode.formatted("clinic-north", "north-op"))))
                .errors()).isEmpty();
        assertThat(withRegistry.convert(JsonEvents.fromNode(JSON.readTree(episode.formatted("clinic-south", "north-op"))))
                .errors()).containsExactly(new FieldError("program_id",
                        "program 'north-op' belongs to clinic clinic-north, not to clinic-south"));
        assertThat(withRegistry.convert(JsonEvents.fromNode(JSON.readTree(episode.formatted("clinic-north", "north-x"))))
                .errors()).containsExactly(new FieldError("program_id",
                        "unknown program 'north-x': it is not in the program registry (programs.file)"));
    }

    @Test
    void aProblemIsNamedWhereTheSenderPutTheField() {
        IncomingEvent fromFhir = IncomingEvent.builder("episode").set("event_id", "0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b01")
                .set("clinic_id", "clinic-a").set("program_id", "p").set("client_ref", "MRN-1")
                .set("action", "ADMITTED").set("level_of_care", "OUTPATIENT")
                .source("occurred_at", "EpisodeOfCare.period.start", "add the admission date and time").build();

        assertThat(converter.convert(fromFhir).errors()).containsExactly(new FieldError("EpisodeOfCare.period.start",
                "is required; add the admission date and time"));
    }

    /** Issue 9, item 1: years a Java instant holds but Kafka cannot, at both ends, are field errors (422). */
    @Test
    void instantsBeforeTheEpochOrBeyondWhatParsesAreFieldErrorsNeverAnOverflow() throws Exception {
        String far = "-999999999-01-01T00:00:00Z";
        Converted c = convert(attendance(far, "MRN-0001").replace("\"status\"", "\"recorded_at\":\"1969-12-31T23:59:59Z\",\"status\""));
        assertThat(c.errors()).containsExactly(
                new FieldError("occurred_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"),
                new FieldError("recorded_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
        assertThat(convert(attendance("+1000000001-01-01T00:00:00Z", "MRN-0001")).errors()).containsExactly(
                new FieldError("occurred_at", "must be an ISO-8601 instant such as 2026-03-02T14:00:00Z, "
                        + "got '+1000000001-01-01T00:00:00Z'"));
        assertThat(convert(attendance("-999999999-01-01T00:00:00-18:00", "MRN-0001")).errors())
                .extracting(FieldError::field).containsExactly("occurred_at");
        assertThat(convert("{\"type\":\"tick\",\"occurred_at\":\"" + far + "\"}").errors()).containsExactly(
                new FieldError("occurred_at", "must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
        assertThat(convert(attendance("1970-01-01T00:00:00Z", "MRN-0001")).errors()).isEmpty();
    }

    /** Issue 9, item 7: a record number is printable text; anything that could disguise it is refused by name. */
    @Test
    void aRecordNumberWithControlFormatOrLoneSurrogateCharactersIsRefused() throws Exception {
        String printable = "must hold printable characters only; ";
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "MRN\\u00000001")).errors())
                .containsExactly(new FieldError("client_ref", printable + "U+0000 at position 4 is not allowed"));
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "MRN\\u001b[2J")).errors())
                .containsExactly(new FieldError("client_ref", printable + "U+001B at position 4 is not allowed"));
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "MRN-0001\\u202e")).errors())
                .containsExactly(new FieldError("client_ref", printable + "U+202E at position 9 is not allowed"));
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "MRN-0\\u200b001")).errors())
                .containsExactly(new FieldError("client_ref", printable + "U+200B at position 6 is not allowed"));
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "MRN-\\ud800")).errors())
                .containsExactly(new FieldError("client_ref", printable + "U+D800 at position 5 is not allowed"));
        assertThat(convert(attendance("2026-03-02T14:00:00Z", "7".repeat(65))).errors())
                .containsExactly(new FieldError("client_ref", "must be at most 64 characters, got 65"));
    }

    /** Issue 9, item 7: the shared id alphabet reaches every id of a posted event. */
    @Test
    void idsOutsideTheAlphabetAreFieldErrors() throws Exception {
        Converted c = convert("""
                {"type":"session","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b02","clinic_id":"clinic:a",
                 "program_id":"north-op|evil","occurred_at":"2026-03-02T14:00:00Z","session_id":"S\\u0000",
                 "session_type":"GROUP","counselor_id":"co\\u200d9","duration_minutes":90,"modality":"TELEHEALTH"}""");
        assertThat(c.errors()).extracting(FieldError::field)
                .containsExactly("clinic_id", "program_id", "session_id", "counselor_id");
        assertThat(c.errors().get(1).problem())
                .isEqualTo("must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 9 is not allowed");
    }

    private static String attendance(String occurredAt, String clientRef) {
        return """
                {"type":"attendance","event_id":"0b6f1c1e-1d7e-4c1e-9a51-3c1f0d1c2b09","clinic_id":"clinic-a",
                 "program_id":"p-iop","occurred_at":"%s","session_id":"S-77","client_ref":"%s","status":"ATTENDED"}"""
                .formatted(occurredAt, clientRef);
    }
}
