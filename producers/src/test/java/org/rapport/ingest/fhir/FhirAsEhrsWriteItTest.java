package org.rapport.ingest.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.SurveyEvent;
import org.rapport.client.Converted;
import org.rapport.client.EventConverter;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.client.Rejection;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.programs.Program;
import org.rapport.programs.ProgramRegistry;
import org.rapport.validation.EventValidator;
import org.rapport.validation.FieldError;

/**
 * Issue 11: resources shaped the way EHRs export them (standard LOINC instruments, EpisodeOfCare without
 * Rapport-only additions, Patients with several identifiers) map to the events a clinic means, and every problem
 * names the FHIR element.
 */
class FhirAsEhrsWriteItTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProgramRegistry PROGRAMS = ProgramRegistry.of(List.of(
            new Program("north-op", "clinic-north", "North Outpatient", LevelOfCare.OUTPATIENT),
            new Program("north-iop", "clinic-north", "North IOP", LevelOfCare.INTENSIVE_OUTPATIENT)));
    private static final EventConverter CONVERTER = new EventConverter(new Pseudonymizer("demo-secret"),
            new EventValidator(Duration.ofDays(1)), Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC),
            Duration.ofDays(1), PROGRAMS);
    private static final String PATIENT = """
            {"resourceType":"Patient","id":"pat-1","identifier":[
              {"system":"http://hl7.org/fhir/sid/us-ssn","value":"999-00-1234"},
              {"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
               "system":"https://ehr.north.example/mrn","value":"N-20417"}]}""";

    private final FhirMapper mapper = new FhirMapper(new FhirMapper.Defaults("clinic-north", "north-op", "--program"),
            FhirMapping.defaults(), PROGRAMS);

    private static JsonNode bundle(String... resources) throws Exception {
        StringBuilder entries = new StringBuilder();
        for (String r : resources) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"resource\":").append(r).append('}');
        }
        return JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + entries + "]}");
    }

    private static Object value(IncomingEvent event) {
        Converted c = CONVERTER.convert(event);
        assertThat(c.errors()).as("%s", event.fields()).isEmpty();
        return ((Outgoing.Event) c.outgoing()).value();
    }

    private static String coded(String linkId, String code) {
        return "{\"linkId\":\"" + linkId + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\""
                + code + "\"}}]}";
    }

    @Test
    void aStandardPhq9ByLoincCodesWithTotalAndDifficultySkipped() throws Exception {
        String response = """
                {"resourceType":"QuestionnaireResponse","id":"phq9-std","status":"completed",
                 "questionnaire":"http://loinc.org/q/44249-1|2.72","subject":{"reference":"Patient/pat-1"},
                 "authored":"2026-02-03T10:15:00-05:00",
                 "item":[{"linkId":"/44249-1","text":"PHQ-9 quick depression assessment panel","item":[
                   %s, %s,
                   {"linkId":"/44249-1/44259-0","answer":[{"valueCoding":{"code":"LA6571-9"}}]},
                   {"linkId":"/44249-1/44254-1","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5",
                     "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":0}]}}]},
                   {"linkId":"/44249-1/44251-7","answer":[{"valueInteger":1}]},
                   {"linkId":"/44249-1/44258-2","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6569-3",
                     "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/itemWeight","valueDecimal":1}]}}]},
                   {"linkId":"/44249-1/44252-5","text":"Trouble concentrating (not answered)"},
                   %s, %s,
                   {"linkId":"/44249-1/44261-6","answer":[{"valueDecimal":9}]},
                   {"linkId":"/44249-1/69722-7","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6573-5"}}]}
                 ]}]}""".formatted(coded("/44249-1/44250-9", "LA6569-3"), coded("/44249-1/44255-8", "LA6570-1"),
                coded("/44249-1/44253-3", "LA6568-5"), coded("/44249-1/44260-8", "LA6569-3"));

        MappedEvents mapped = mapper.mapBundle(bundle(PATIENT, response));

        assertThat(mapped.rejections()).isEmpty();
        SurveyEvent phq9 = (SurveyEvent) value(mapped.events().get(0));
        assertThat(phq9.getInstrument()).isEqualTo(Instrument.PHQ9);
        // Several days 1, more than half 2, nearly every day 3, ordinal 0, integer 1, item weight 1, unanswered,
        // not at all 0, several days 1 (item 9: the SAFETY item).
        assertThat(phq9.getItems()).isEqualTo(Arrays.asList(1, 2, 3, 0, 1, 1, null, 0, 1));
        assertThat(phq9.getOccurredAt()).isEqualTo(Instant.parse("2026-02-03T15:15:00Z"));
        assertThat(phq9.getClientId()).isEqualTo(new Pseudonymizer("demo-secret").clientId("clinic-north", "N-20417"));
    }

    @Test
    void aGad7ByItsLoincLinkIdsWhenTheQuestionnaireIsAnEhrInternalId() throws Exception {
        String response = """
                {"resourceType":"QuestionnaireResponse","id":"gad7-ehr","status":"amended",
                 "questionnaire":"Questionnaire/bb1ece1d-7116-49d9-a082-86262208b517",
                 "subject":{"reference":"Patient/pat-1"},"authored":"2026-02-04",
                 "item":[{"linkId":"69725-0","answer":[{"valueCoding":{"code":"LA6569-3"}}]},
                         {"linkId":"68509-9","answer":[{"valueCoding":{"code":"LA18938-3","display":"More days than not"}}]},
                         {"linkId":"69733-4","answer":[{"valueCoding":{"code":"LA6568-5"}}]},
                         {"linkId":"69734-2","answer":[{"valueCoding":{"code":"LA6571-9"}}]},
                         {"linkId":"69735-9","answer":[{"valueDecimal":2.0}]},
                         {"linkId":"69689-8","answer":[{"valueString":"1"}]},
                         {"linkId":"69736-7","answer":[{"valueCoding":{"code":"LA6568-5"}}]},
                         {"linkId":"70274-6","answer":[{"valueInteger":9}]}]}""";

        SurveyEvent gad7 = (SurveyEvent) value(mapper.mapBundle(bundle(PATIENT, response)).events().get(0));

        assertThat(gad7.getInstrument()).isEqualTo(Instrument.GAD7);
        assertThat(gad7.getItems()).containsExactly(1, 2, 0, 3, 2, 1, 0);
        assertThat(gad7.getOccurredAt()).isEqualTo(Instant.parse("2026-02-04T00:00:00Z"));
    }

    @Test
    void aClinicsOwnCareFormThroughTheConfigurableMapping(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mapping.yaml");
        Files.writeString(file, """
                questionnaires:
                  - instrument: CARE
                    questionnaire: ["https://ehr.north.example/fhir/Questionnaire/care-measure"]
                    items: {care-01: 1, care-02: 2, care-03: 3, care-04: 4, care-05: 5,
                            care-06: 6, care-07: 7, care-08: 8, care-09: 9, care-10: 10}
                    skip: [care-comment]
                answers:
                  "https://ehr.north.example/fhir/CodeSystem/care-answer|poor": 1
                  "https://ehr.north.example/fhir/CodeSystem/care-answer|fair": 2
                  "https://ehr.north.example/fhir/CodeSystem/care-answer|good": 3
                  "https://ehr.north.example/fhir/CodeSystem/care-answer|very-good": 4
                  "https://ehr.north.example/fhir/CodeSystem/care-answer|excellent": 5
                """);
        FhirMapping mapping = FhirMapping.fromConfig(RapportConfig.defaults().with("fhir.mapping.file", file.toString()));
        FhirMapper own = new FhirMapper(new FhirMapper.Defaults("clinic-north", "north-op", "--program"), mapping, PROGRAMS);
        List<String> answers = List.of("excellent", "very-good", "good", "excellent", "fair", "very-good", "excellent",
                "excellent", "good", "poor");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < answers.size(); i++) {
            items.append("{\"linkId\":\"care-%02d\",\"answer\":[{\"valueCoding\":{\"system\":".formatted(i + 1))
                    .append("\"https://ehr.north.example/fhir/CodeSystem/care-answer\",\"code\":\"")
                    .append(answers.get(i)).append("\"}}]},");
        }
        String session = """
                {"resourceType":"Encounter","id":"enc-77","status":"finished","subject":{"reference":"Patient/pat-1"},
                 "participant":[{"individual":{"reference":"Practitioner/co-12"}}],
                 "period":{"start":"2026-02-05T14:00:00Z","end":"2026-02-05T14:50:00Z"}}""";
        String response = """
                {"resourceType":"QuestionnaireResponse","id":"care-1","status":"completed",
                 "questionnaire":"https://ehr.north.example/fhir/Questionnaire/care-measure|3",
                 "subject":{"reference":"Patient/pat-1"},"encounter":{"reference":"Encounter/enc-77"},
                 "authored":"2026-02-05T15:00:00Z",
                 "item":[%s{"linkId":"care-comment","answer":[{"valueString":"listened well"}]}]}""".formatted(items);

        MappedEvents mapped = own.mapBundle(bundle(PATIENT, session, response));

        assertThat(mapped.rejections()).isEmpty();
        SurveyEvent care = (SurveyEvent) value(mapped.events().get(2));
        assertThat(care.getInstrument()).isEqualTo(Instrument.CARE);
        assertThat(care.getItems()).containsExactly(5, 4, 3, 5, 2, 4, 5, 5, 3, 1);
        assertThat(care.getCounselorId()).as("the counselor of the rated session").isEqualTo("co-12");

        MappedEvents unknown = own.mapBundle(bundle(PATIENT, response.replace("care-comment", "care-11")));
        assertThat(unknown.rejections()).containsExactly(new Rejection(1, "QuestionnaireResponse.item[10].linkId",
                "'care-11' is no item of CARE: map it to an item number (or skip it) in fhir.mapping.file "
                        + "(questionnaires[].items)"));
    }

    @Test
    void aBadDateAndAnAnswerOutOfRangeAreBothNamedByTheirFhirElement() throws Exception {
        String response = """
                {"resourceType":"QuestionnaireResponse","id":"phq9-bad","status":"completed",
                 "questionnaire":"http://loinc.org/q/44249-1","subject":{"reference":"Patient/pat-1"},
                 "authored":"03/02/2026",
                 "item":[%s,%s,%s,{"linkId":"/44260-8","answer":[{"valueInteger":4}]},
                         {"linkId":"/44254-1","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA9999-9"}}]}]}"""
                .formatted(coded("/44250-9", "LA6568-5"), coded("/44255-8", "LA6568-5"), coded("/44259-0", "LA6568-5"));

        MappedEvents mapped = mapper.mapBundle(bundle(PATIENT, response));
        assertThat(mapped.rejections()).containsExactly(new Rejection(1, "QuestionnaireResponse.item[4].answer[0]",
                "answer code 'LA9999-9' has no value: add an ordinalValue or itemWeight extension to the coding, or map "
                        + "the code in fhir.mapping.file (answers)"));

        MappedEvents mappable = mapper.mapBundle(bundle(PATIENT, response.replace("LA9999-9", "LA6568-5")));
        assertThat(CONVERTER.convert(mappable.events().get(0)).errors()).containsExactlyInAnyOrder(
                new FieldError("QuestionnaireResponse.authored", "must be an ISO-8601 instant such as "
                        + "2026-03-02T14:00:00Z, got '03/02/2026'; add when the form was filled in"),
                new FieldError("QuestionnaireResponse.item[3].answer[0]", "must be between 0 and 3, got 4 (item 9)"));
    }

    @Test
    void anEpisodeOfCareAsEhrsSendItTakesItsProgramsLevelAndADischargeWithoutReasonBecomesOtherWithANote()
            throws Exception {
        String finished = """
                {"resourceType":"EpisodeOfCare","id":"eoc-1","meta":{"versionId":"3","lastUpdated":"2026-02-28T17:00:00Z"},
                 "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Outpatient SUD</div>"},
                 "identifier":[{"system":"https://ehr.north.example/episode","value":"E-7781"}],
                 "status":"finished","type":[{"coding":[{"system":"http://snomed.info/sct","code":"20093000",
                   "display":"Alcohol rehabilitation"}]}],
                 "patient":{"reference":"Patient/pat-1"},"managingOrganization":{"reference":"Organization/north"},
                 "period":{"start":"2026-01-05T09:00:00-05:00","end":"2026-02-27T16:00:00-05:00"}}""";
        String active = """
                {"resourceType":"EpisodeOfCare","id":"eoc-2","status":"active","patient":{"reference":"Patient/pat-1"},
                 "extension":[{"url":"https://rapport.example/fhir/StructureDefinition/program-id","valueString":"north-iop"}],
                 "period":{"start":"2026-03-01T09:00:00Z","end":"2026-06-01T00:00:00Z"}}""";

        MappedEvents mapped = mapper.mapBundle(bundle(PATIENT, finished, active));

        assertThat(mapped.rejections()).isEmpty();
        assertThat(mapped.events()).hasSize(3);
        EpisodeEvent admitted = (EpisodeEvent) value(mapped.events().get(0));
        EpisodeEvent discharged = (EpisodeEvent) value(mapped.events().get(1));
        EpisodeEvent planned = (EpisodeEvent) value(mapped.events().get(2));
        assertThat(admitted.getLevelOfCare()).as("north-op's level: SNOMED's code is not mapped").isEqualTo(LevelOfCare.OUTPATIENT);
        assertThat(admitted.getOccurredAt()).isEqualTo(Instant.parse("2026-01-05T14:00:00Z"));
        assertThat(discharged.getAction()).isEqualTo(EpisodeAction.DISCHARGED);
        assertThat(discharged.getDischargeReason()).isEqualTo(DischargeReason.OTHER);
        assertThat(discharged.getOccurredAt()).isEqualTo(Instant.parse("2026-02-27T21:00:00Z"));
        assertThat(mapped.notes()).containsExactly(new Rejection(1, "EpisodeOfCare.extension:discharge-reason",
                "the EpisodeOfCare is finished but says no discharge reason: discharged as OTHER; add the extension "
                        + "https://rapport.example/fhir/StructureDefinition/discharge-reason (TEDS: COMPLETED, "
                        + "DROPPED_OUT …) or an Encounter of this episode with hospitalization.dischargeDisposition"));
        assertThat(planned.getAction()).as("an active episode's end is only planned").isEqualTo(EpisodeAction.ADMITTED);
        assertThat(planned.getLevelOfCare()).isEqualTo(LevelOfCare.INTENSIVE_OUTPATIENT);
    }

    @Test
    void theDischargeReasonComesFromAnEncountersDischargeDispositionOrTheExtension() throws Exception {
        String episode = """
                {"resourceType":"EpisodeOfCare","id":"eoc-9","status":"finished","patient":{"reference":"Patient/pat-1"},
                 "type":[{"coding":[{"system":"https://rapport.example/fhir/CodeSystem/level-of-care","code":"RESIDENTIAL"}]}],
                 "period":{"start":"2026-01-05T09:00:00Z","end":"2026-01-20T09:00:00Z"}}""";
        String lastStay = """
                {"resourceType":"Encounter","id":"stay-2","status":"finished","class":{"code":"IMP"},
                 "subject":{"reference":"Patient/pat-1"},"episodeOfCare":[{"reference":"EpisodeOfCare/eoc-9"}],
                 "participant":[{"individual":{"reference":"Practitioner/co-3"}}],
                 "period":{"start":"2026-01-19T09:00:00Z","end":"2026-01-20T09:00:00Z"},
                 "hospitalization":{"dischargeDisposition":{"coding":[{
                   "system":"http://terminology.hl7.org/CodeSystem/discharge-disposition","code":"aadvice",
                   "display":"Left against advice"}]}}}""";
        String byCoding = episode.replace("eoc-9", "eoc-10").replace("\"status\"", """
                "extension":[{"url":"https://rapport.example/fhir/StructureDefinition/discharge-reason",
                  "valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/discharge-disposition",
                  "code":"exp"}]}}],"status\"""");

        MappedEvents mapped = mapper.mapBundle(bundle(PATIENT, lastStay, episode, byCoding));

        assertThat(mapped.rejections()).isEmpty();
        assertThat(mapped.notes()).isEmpty();
        List<EpisodeEvent> episodes = mapped.events().stream().filter(e -> "episode".equals(e.type()))
                .map(e -> (EpisodeEvent) value(e)).toList();
        assertThat(episodes).extracting(EpisodeEvent::getLevelOfCare).containsOnly(LevelOfCare.RESIDENTIAL);
        assertThat(episodes).extracting(EpisodeEvent::getDischargeReason)
                .containsExactly(null, DischargeReason.DROPPED_OUT, null, DischargeReason.DIED);
    }

    @Test
    void inATransactionBundleTheDispositionAndThePatientAreFoundThroughUrnUuidReferences() throws Exception {
        JsonNode bundle = JSON.readTree("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:a1","resource":%s,"request":{"method":"PUT","url":"Patient/pat-1"}},
                 {"fullUrl":"urn:uuid:e1","resource":{"resourceType":"EpisodeOfCare","status":"finished",
                   "patient":{"reference":"urn:uuid:a1"},"period":{"start":"2026-01-05T09:00:00Z","end":"2026-01-30T09:00:00Z"}},
                  "request":{"method":"POST","url":"EpisodeOfCare"}},
                 {"fullUrl":"urn:uuid:v1","resource":{"resourceType":"Encounter","status":"finished",
                   "subject":{"reference":"urn:uuid:a1"},"episodeOfCare":[{"reference":"urn:uuid:e1"}],
                   "participant":[{"individual":{"reference":"urn:uuid:p1"}}],
                   "period":{"start":"2026-01-30T08:00:00Z","end":"2026-01-30T09:00:00Z"},
                   "hospitalization":{"dischargeDisposition":{"coding":[{
                     "system":"http://terminology.hl7.org/CodeSystem/discharge-disposition","code":"other-hcf"}]}}}},
                 {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Practitioner",
                   "identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"9941339100"}]}}]}""".formatted(PATIENT));

        MappedEvents mapped = mapper.mapBundle(bundle);

        assertThat(mapped.rejections()).isEmpty();
        assertThat(mapped.events()).extracting(e -> e.type() + " " + e.fields().getOrDefault("discharge_reason",
                e.fields().getOrDefault("counselor_id", ""))).containsExactly("episode ", "episode TRANSFERRED",
                "session 9941339100", "attendance ");
        assertThat(mapped.events()).filteredOn(e -> e.get("client_ref") != null)
                .allSatisfy(e -> assertThat(e.get("client_ref")).isEqualTo("N-20417"));
    }

    @Test
    void withoutAProgramLevelAnEpisodeWithoutTypeNamesEpisodeOfCareType() throws Exception {
        String episode = """
                {"resourceType":"EpisodeOfCare","id":"eoc-3","status":"active","patient":{"reference":"Patient/pat-1"},
                 "period":{"start":"2026-01-05T09:00:00Z"}}""";

        MappedEvents mapped = new FhirMapper("clinic-north", null).mapBundle(bundle(PATIENT, episode));

        assertThat(mapped.rejections()).containsExactly(new Rejection(1, "EpisodeOfCare.type",
                "gives no level of care Rapport knows: add a coding of "
                        + "https://rapport.example/fhir/CodeSystem/level-of-care (OUTPATIENT|INTENSIVE_OUTPATIENT|"
                        + "RESIDENTIAL|OTP), map your EHR's code in fhir.mapping.file (level_of_care), or name a program "
                        + "whose level_of_care the program registry knows"));
    }

    @Test
    void theRecordNumberIsTheMrIdentifierOrTheConfiguredSystemsAndNothingElse() throws Exception {
        String response = """
                {"resourceType":"QuestionnaireResponse","id":"c-%s","status":"completed","questionnaire":"Questionnaire/CRAVING",
                 "subject":%s,"authored":"2026-02-01T10:00:00Z","item":[{"linkId":"1","answer":[{"valueInteger":4}]}]}""";
        String twoMrs = """
                {"resourceType":"Patient","id":"pat-2","identifier":[
                  {"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                   "system":"https://hospital.example/mrn","value":"H-555"},
                  {"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                   "system":"https://ehr.north.example/mrn","value":"N-30001"}]}""";
        String noMr = """
                {"resourceType":"Patient","id":"pat-3","identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"999-00-7777"}]}""";

        MappedEvents byType = mapper.mapBundle(bundle(twoMrs, noMr,
                response.formatted("a", "{\"reference\":\"Patient/pat-2\"}"),
                response.formatted("b", "{\"reference\":\"Patient/pat-3\"}"),
                response.formatted("c", "{\"identifier\":{\"system\":\"https://ehr.north.example/mrn\",\"value\":\"N-30001\"}}"),
                response.formatted("d", "{\"reference\":\"Patient/pat-404\"}")));
        FhirMapping bySystem = FhirMapping.fromConfig(RapportConfig.defaults()
                .with("fhir.patient.identifier.system", "https://ehr.north.example/mrn"));
        MappedEvents configured = new FhirMapper(new FhirMapper.Defaults("clinic-north", "north-op", "--program"),
                bySystem, PROGRAMS).mapBundle(bundle(twoMrs, response.formatted("a", "{\"reference\":\"Patient/pat-2\"}"),
                response.formatted("c", "{\"identifier\":{\"system\":\"https://ehr.north.example/mrn\",\"value\":\"N-30001\"}}")));

        assertThat(byType.events()).singleElement().satisfies(e -> assertThat(e.get("client_ref")).isEqualTo("H-555"));
        String mr = "an identifier typed MR (http://terminology.hl7.org/CodeSystem/v2-0203), the medical record number";
        assertThat(byType.rejections()).containsExactly(
                new Rejection(3, "QuestionnaireResponse.subject", "refers to Patient pat-3, which has no medical record "
                        + "number: add " + mr + " to the Patient"),
                new Rejection(4, "QuestionnaireResponse.subject.identifier", "is not a medical record number: use " + mr),
                new Rejection(5, "QuestionnaireResponse.subject", "refers to Patient/pat-404, which is not in this "
                        + "Bundle: include the Patient resource (a bulk export's Patient.ndjson) or reference it by " + mr));
        assertThat(configured.rejections()).isEmpty();
        assertThat(configured.events()).extracting(e -> e.get("client_ref")).containsExactly("N-30001", "N-30001");
    }
}
