package org.rapport.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.client.Converted;
import org.rapport.client.EventConverter;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.client.Rejection;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.validation.EventValidator;

class FhirMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MRN_0001 = "2700103b097e11a7f9b0fc763c6d9641"; // clinic-a:MRN-0001, demo-secret
    private static JsonNode bundle;
    private static MappedEvents mapped;
    private static List<Object> values;

    @BeforeAll
    static void mapTheBundle() throws Exception {
        try (InputStream in = FhirMapperTest.class.getResourceAsStream("/fhir/clinic-a-bundle.json")) {
            bundle = JSON.readTree(in);
        }
        mapped = new FhirMapper(null, null).mapBundle(bundle);
        EventConverter converter = new EventConverter(new Pseudonymizer("demo-secret"),
                new EventValidator(Duration.ofDays(1)),
                Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC), Duration.ofDays(1));
        values = mapped.events().stream().map(e -> {
            Converted c = converter.convert(e);
            assertThat(c.errors()).as("event from entry of %s", e.fields()).isEmpty();
            return (Object) ((Outgoing.Event) c.outgoing()).value();
        }).toList();
    }

    @Test
    void everyEventOfTheBundleIsValidAndPatientsPractitionersAndBookedAppointmentsAreSkipped() {
        assertThat(mapped.rejections()).isEmpty();
        assertThat(mapped.events()).hasSize(17);
        assertThat(mapped.skipped()).isEqualTo(3);
        assertThat(mapped.sourceIndexes()).containsExactly(1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16);
        assertThat(mapped.events()).allSatisfy(e -> assertThat(e.fields().values())
                .as("the SSN identifier and the Patient id never become client_ref")
                .doesNotContain("000-11-2222", "pat-1"));
    }

    @Test
    void episodeOfCareGivesAdmissionAndDischargeWithStableIds() {
        EpisodeEvent admitted = (EpisodeEvent) values.get(0);
        EpisodeEvent discharged = (EpisodeEvent) values.get(1);
        assertThat(admitted.getEventId()).isEqualTo("2f324e99-bf0e-3e31-904a-33c0c515012e");
        assertThat(admitted.getClinicId()).isEqualTo("clinic-a");
        assertThat(admitted.getProgramId()).isEqualTo("p-op");
        assertThat(admitted.getClientId()).isEqualTo(MRN_0001);
        assertThat(admitted.getOccurredAt()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(admitted.getLevelOfCare().name()).isEqualTo("OUTPATIENT");
        assertThat(admitted.getDischargeReason()).isNull();
        assertThat(admitted.getRecordedAt()).isEqualTo(Instant.parse("2026-02-20T16:00:00Z"));
        assertThat(discharged.getAction().name()).isEqualTo("DISCHARGED");
        assertThat(discharged.getDischargeReason().name()).isEqualTo("COMPLETED");
        assertThat(discharged.getOccurredAt()).isEqualTo(Instant.parse("2026-02-20T15:00:00Z"));
    }

    @Test
    void encountersGiveSessionsAndFinishedOnesTheirAttendance() {
        SessionEvent individual = (SessionEvent) values.get(2);
        assertThat(individual.getSessionId()).isEqualTo("enc-1");
        assertThat(individual.getModality().name()).isEqualTo("TELEHEALTH");
        assertThat(individual.getDurationMinutes()).isEqualTo(50);
        assertThat(individual.getCounselorId()).isEqualTo("co-7");
        AttendanceEvent attended = (AttendanceEvent) values.get(3);
        assertThat(attended.getSessionId()).isEqualTo("enc-1");
        assertThat(attended.getClientId()).isEqualTo(MRN_0001);
        assertThat(attended.getStatus().name()).isEqualTo("ATTENDED");

        SessionEvent group = (SessionEvent) values.get(4);
        assertThat(group.getEventId()).isEqualTo("c53a4222-2b01-3d74-98e5-635b58c99560");
        assertThat(group.getSessionType().name()).isEqualTo("GROUP");
        assertThat(group.getDurationMinutes()).isEqualTo(90);
        assertThat(group.getOccurredAt()).isEqualTo(Instant.parse("2026-01-14T23:00:00Z"));
        AttendanceEvent member = (AttendanceEvent) values.get(5);
        assertThat(member.getSessionId()).as("a member's encounter points at the group's").isEqualTo("grp-1");
    }

    @Test
    void appointmentsByStatusAndCancellationReason() {
        Map<String, String> statusBySession = values.subList(6, 10).stream().map(v -> (AttendanceEvent) v)
                .collect(Collectors.toMap(AttendanceEvent::getSessionId, a -> a.getStatus().name()));
        assertThat(statusBySession).containsExactlyInAnyOrderEntriesOf(Map.of("apt-1", "ATTENDED",
                "apt-2", "NO_SHOW", "apt-3", "CANCELLED_BY_CLIENT", "apt-4", "CANCELLED_BY_PROGRAM"));
    }

    @Test
    void eachInstrumentsQuestionnaireResponse() {
        Map<Instrument, SurveyEvent> byInstrument = values.subList(10, 17).stream().map(v -> (SurveyEvent) v)
                .collect(Collectors.toMap(SurveyEvent::getInstrument, s -> s));
        assertThat(byInstrument.get(Instrument.PHQ9).getItems()).containsExactly(0, 1, 2, 3, 0, 1, 2, 0, 1);
        assertThat(byInstrument.get(Instrument.CARE).getItems()).containsExactly(5, 4, 4, 5, 3, 4, 5, 5, 4, 4);
        assertThat(byInstrument.get(Instrument.CARE).getCounselorId()).isEqualTo("co-7");
        assertThat(byInstrument.get(Instrument.WAI_SR).getItems())
                .isEqualTo(Arrays.asList(4, 4, 5, 3, null, 4, 4, 5, 3, 4, 4, 5));
        assertThat(byInstrument.get(Instrument.WAI_SR).getCounselorId()).isEqualTo("co-7");
        assertThat(byInstrument.get(Instrument.SCS_SF).getItems()).containsExactly(2, 3, 3, 4, 2, 3, 4, 2, 2, 3, 4, 1);
        assertThat(byInstrument.get(Instrument.BAM).getItems())
                .containsExactly(20, 5, 0, 0, 0, 0, 2, 3, 30, 28, 4, 25, 27, 30, 1, 20, 0);
        assertThat(byInstrument.get(Instrument.CRAVING).getItems()).containsExactly(6);
        assertThat(byInstrument.get(Instrument.GAD7).getItems()).containsExactly(1, 1, 0, 2, 3, 0, 1);
        assertThat(byInstrument.get(Instrument.GAD7).getOccurredAt()).isEqualTo(Instant.parse("2026-01-20T11:30:00Z"));
    }

    @Test
    void defaultsFillTheClinicAndProgramAResourceDoesNotName() throws Exception {
        JsonNode qr = JSON.readTree("""
                {"resourceType":"QuestionnaireResponse","id":"q9","status":"completed",
                 "questionnaire":"Questionnaire/CRAVING","subject":{"identifier":{"type":{"coding":[
                   {"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"77"}},
                 "authored":"2026-02-01","item":[{"linkId":"1","answer":[{"valueInteger":4}]}]}""");
        IncomingEvent e = new FhirMapper("clinic-b", "p-res").mapResources(List.of(qr)).events().get(0);
        assertThat(e.fields()).containsEntry("clinic_id", "clinic-b").containsEntry("program_id", "p-res")
                .containsEntry("client_ref", "77").containsEntry("occurred_at", "2026-02-01T00:00:00Z");
        assertThat(e.items()).containsExactly("4");
    }

    @Test
    void unmappableResourcesAreRejectedByPositionWithTheReason() throws Exception {
        List<JsonNode> resources = List.of(
                JSON.readTree("""
                        {"resourceType":"QuestionnaireResponse","id":"a","status":"completed",
                         "questionnaire":"Questionnaire/AUDIT-C","subject":{"reference":"Patient/1"}}"""),
                JSON.readTree("""
                        {"resourceType":"QuestionnaireResponse","id":"b","status":"completed",
                         "questionnaire":"Questionnaire/GAD-7","subject":{"reference":"urn:uuid:missing"},
                         "item":[{"linkId":"q-one","answer":[{"valueString":"often"}]},
                                 {"linkId":"2","answer":[{"valueString":"often"}]}]}"""),
                JSON.readTree("{\"id\":\"x\"}"),
                JSON.readTree("""
                        {"resourceType":"EpisodeOfCare","id":"e","status":"active","patient":{"reference":"Patient/1"}}"""),
                JSON.readTree("""
                        {"resourceType":"QuestionnaireResponse","id":"c","status":"in-progress"}"""));

        MappedEvents result = new FhirMapper("clinic-a", "p").mapResources(resources);

        assertThat(result.events()).isEmpty();
        assertThat(result.skipped()).isEqualTo(1);
        String mrn = "an identifier typed MR (http://terminology.hl7.org/CodeSystem/v2-0203), the medical record number";
        assertThat(result.rejections()).containsExactly(
                new Rejection(0, "QuestionnaireResponse.questionnaire", "'Questionnaire/AUDIT-C' is no instrument "
                        + "Rapport knows: map its canonical URL to CARE, WAI_SR, SCS_SF, BAM, CRAVING, PHQ9 or GAD7 in "
                        + "fhir.mapping.file (questionnaires), or add the extension "
                        + "https://rapport.example/fhir/StructureDefinition/instrument"),
                new Rejection(1, "QuestionnaireResponse.subject", "refers to urn:uuid:missing, which is not in this "
                        + "export: include the Patient resource (a bulk export's Patient.ndjson) or reference it by " + mrn),
                new Rejection(1, "QuestionnaireResponse.item[0].linkId", "'q-one' is no item of GAD7: map it to an item "
                        + "number (or skip it) in fhir.mapping.file (questionnaires[].items)"),
                new Rejection(1, "QuestionnaireResponse.item[1].answer[0]", "is not a whole number: answer with "
                        + "valueInteger, or a valueCoding with an ordinalValue extension or a LOINC answer code"),
                new Rejection(2, "resource.resourceType", "is missing: this is not a FHIR resource"),
                new Rejection(3, "EpisodeOfCare.patient", "refers to Patient/1, which is not in this export: include "
                        + "the Patient resource (a bulk export's Patient.ndjson) or reference it by " + mrn),
                new Rejection(3, "EpisodeOfCare.period.start", "is required: add the admission date and time"));
    }
}
