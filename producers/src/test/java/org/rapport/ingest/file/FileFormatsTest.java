package org.rapport.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.ingest.fhir.ExportIndex;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.validation.FieldError;

class FileFormatsTest {

    private final FhirMapper mapper = new FhirMapper("clinic-a", "p-op");
    private final FileFormats formats = new FileFormats(mapper);

    /** Both passes, as the importer runs them: first the index, then the units. */
    private List<SourceUnit> read(String name, String content) throws Exception {
        ExportIndex index = mapper.newIndex();
        formats.index(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), index);
        List<SourceUnit> units = new ArrayList<>();
        formats.read(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), index, units::add);
        return units;
    }

    @Test
    void jsonLinesMixEventsResourcesAndBundlesAndSkipBlankLines() throws Exception {
        List<SourceUnit> units = read("mixed.NDJSON", "\uFEFF{\"type\":\"tick\",\"occurred_at\":\"2026-01-01T00:00:00Z\"}\n"
                + "\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"p\",\"identifier\":[{\"type\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"MR\"}]},\"value\":\"7\"}]}\r\n"
                + "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Practitioner\"}},"
                + "{\"resource\":{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"q\",\"status\":\"completed\","
                + "\"questionnaire\":\"Questionnaire/CRAVING\",\"subject\":{\"reference\":\"Patient/p\"},"
                + "\"authored\":\"2026-01-01T10:00:00Z\",\"item\":[{\"linkId\":\"1\",\"answer\":[{\"valueInteger\":2}]}]}}]}\n"
                + "[1,2]\n");

        assertThat(units).extracting(SourceUnit::position)
                .containsExactly("line 1", "line 3", "line 4 entry 0", "line 4 entry 1", "line 5");
        assertThat(units.get(0).events().get(0).type()).isEqualTo("tick");
        assertThat(units.get(1).events()).isEmpty();
        assertThat(units.get(3).events().get(0).fields()).containsEntry("client_ref", "7").containsEntry("clinic_id", "clinic-a");
        assertThat(units.get(4).events().get(0).problems()).containsExactly(new FieldError("", "an event must be a JSON object"));
    }

    @Test
    void aJsonFileIsABundleAnArrayOfEventsOrOneEvent() throws Exception {
        List<SourceUnit> bundle;
        try (InputStream in = getClass().getResourceAsStream("/fhir/clinic-a-bundle.json")) {
            bundle = new ArrayList<>();
            formats.read("export.json", in, mapper.newIndex(), bundle::add);
        }
        assertThat(bundle).hasSize(18);
        assertThat(bundle.get(1).position()).isEqualTo("entry 1");
        assertThat(bundle.get(1).events()).hasSize(2);

        assertThat(read("events.json", "[{\"type\":\"tick\"},{\"type\":\"tick\"}]")).extracting(SourceUnit::position)
                .containsExactly("element 0", "element 1");
        assertThat(read("one.json", "{\"type\":\"tick\"}")).hasSize(1);
        assertThat(read("broken.json", "{\"type\":").get(0).problems().get(0).problem()).startsWith("unreadable JSON");
        assertThat(FileFormats.supported("a.CSV")).isTrue();
        assertThat(FileFormats.supported("a.xml")).isFalse();
        assertThat(FileFormats.unsupported("export.XML")).startsWith("FHIR XML is not supported: only FHIR JSON");
    }

    /** Issue 9, item 9: a line or file holding two JSON values, or a key twice, is refused whole. */
    @Test
    void twoValuesOrADuplicateKeyAreRefusedNotHalfRead() throws Exception {
        List<SourceUnit> lines = read("events.jsonl", "{\"type\":\"tick\"}{\"type\":\"tick\"}\n"
                + "{\"type\":\"tick\",\"type\":\"episode\"}\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).events()).isEmpty();
        assertThat(lines.get(0).problems().get(0).problem()).isEqualTo(
                "unreadable JSON: more than one JSON value (only one object or one array is allowed) at column 16");
        assertThat(lines.get(1).problems().get(0).problem())
                .startsWith("unreadable JSON: a key appears twice in one object at column");

        List<SourceUnit> file = read("events.json", "[{\"type\":\"tick\"}]\n[{\"type\":\"tick\"}]");
        assertThat(file).singleElement().satisfies(unit -> {
            assertThat(unit.events()).isEmpty();
            assertThat(unit.problems().get(0).problem()).isEqualTo(
                    "unreadable JSON: more than one JSON value (only one object or one array is allowed)"
                            + " at line 2, column 1");
        });
    }
}
