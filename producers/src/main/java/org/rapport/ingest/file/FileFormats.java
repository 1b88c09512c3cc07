package org.rapport.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Rejection;
import org.rapport.ingest.csv.CsvEvents;
import org.rapport.ingest.fhir.ExportIndex;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.ingest.fhir.MappedEvents;
import org.rapport.ingest.json.JsonEvents;
import org.rapport.json.StrictJson;
import org.rapport.validation.FieldError;

/**
 * Splits an input file into {@link SourceUnit}s by its extension: {@code .csv}; {@code .jsonl} /
 * {@code .ndjson} (one Rapport event or one FHIR resource per line, told apart by
 * {@code resourceType}); {@code .json} (a FHIR Bundle, one event, or an array of events). FHIR resources are
 * mapped against an {@link ExportIndex} of the whole import, so that a bulk export's Patient.ndjson lends its
 * record numbers to the other files.
 */
final class FileFormats {

    /** One value per line or file and no key twice in an object: {@link StrictJson}. */
    private static final ObjectMapper JSON = StrictJson.mapper();
    /** Resource types that lend something to others (record numbers, counselors, discharge dispositions). */
    private static final List<String> INDEXED = List.of("\"Patient\"", "\"Encounter\"", "\"Bundle\"");

    private final FhirMapper fhir;

    FileFormats(FhirMapper fhir) {
        this.fhir = fhir;
    }

    static boolean supported(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    }

    /** Why a file cannot be imported, by its name; null when it can. */
    static String unsupported(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (supported(name)) {
            return null;
        }
        return name.endsWith(".xml") ? "FHIR XML is not supported: only FHIR JSON (.json Bundles, .ndjson bulk exports); "
                + "convert it to JSON first (e.g. with the HAPI FHIR CLI or your EHR's JSON export)"
                : "expected .jsonl, .ndjson, .json (FHIR Bundle or events) or .csv";
    }

    /** First pass: notes the Patients and Encounters of a file (CSV holds none). */
    void index(String fileName, InputStream in, ExportIndex index) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return;
        }
        if (name.endsWith(".json")) {
            try {
                addToIndex(JSON.readTree(in), index);
            } catch (JsonProcessingException e) {
                return; // the second pass reports it
            }
            return;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            // Only lines that may lend something are parsed twice.
            if (INDEXED.stream().anyMatch(line::contains)) {
                try {
                    addToIndex(JSON.readTree(line.startsWith("\uFEFF") ? line.substring(1) : line), index);
                } catch (JsonProcessingException e) {
                    // the second pass reports it
                }
            }
        }
    }

    private static void addToIndex(JsonNode node, ExportIndex index) {
        if (node == null) {
            return;
        }
        if ("Bundle".equals(node.path("resourceType").asText())) {
            for (JsonNode entry : node.path("entry")) {
                index.add(entry.path("resource"), entry.path("fullUrl").isTextual() ? entry.get("fullUrl").asText() : null);
            }
        } else if (node.has("resourceType")) {
            index.add(node, null);
        }
    }

    void read(String fileName, InputStream in, ExportIndex index, Consumer<SourceUnit> sink) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            CsvEvents.read(in, sink);
        } else if (name.endsWith(".json")) {
            readJsonDocument(in, index, sink);
        } else {
            readJsonLines(in, index, sink);
        }
    }

    private void readJsonLines(InputStream in, ExportIndex index, Consumer<SourceUnit> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String position = "line " + number;
            try {
                JsonNode node = JSON.readTree(line);
                if ("Bundle".equals(node.path("resourceType").asText())) {
                    units(fhir.mapBundle(node, index), node.path("entry").size(), i -> position + " entry " + i)
                            .forEach(sink);
                } else if (node.has("resourceType")) {
                    sink.accept(units(fhir.mapResources(List.of(node), index), 1, i -> position).get(0));
                } else {
                    sink.accept(new SourceUnit(position, List.of(JsonEvents.fromNode(node)), List.of()));
                }
            } catch (JsonProcessingException e) {
                sink.accept(new SourceUnit(position, List.of(), List.of(new FieldError("", StrictJson.problemInLine(e)))));
            }
        }
    }

    private void readJsonDocument(InputStream in, ExportIndex index, Consumer<SourceUnit> sink) throws IOException {
        JsonNode doc;
        try {
            doc = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            sink.accept(new SourceUnit("file", List.of(), List.of(new FieldError("", StrictJson.problem(e)))));
            return;
        }
        if (doc == null) {
            return;
        }
        if ("Bundle".equals(doc.path("resourceType").asText())) {
            units(fhir.mapBundle(doc, index), doc.path("entry").size(), i -> "entry " + i).forEach(sink);
        } else if (doc.has("resourceType")) {
            sink.accept(units(fhir.mapResources(List.of(doc), index), 1, i -> "resource").get(0));
        } else {
            List<IncomingEvent> events = JsonEvents.fromBody(doc);
            for (int i = 0; i < events.size(); i++) {
                sink.accept(new SourceUnit("element " + i, List.of(events.get(i)), List.of()));
            }
        }
    }

    /** One unit per resource of a mapping, with its events, problems and notes. */
    private static List<SourceUnit> units(MappedEvents mapped, int resources, IntFunction<String> position) {
        List<List<IncomingEvent>> events = new ArrayList<>();
        List<List<FieldError>> problems = new ArrayList<>();
        List<List<FieldError>> notes = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            events.add(new ArrayList<>());
            problems.add(new ArrayList<>());
            notes.add(new ArrayList<>());
        }
        for (int n = 0; n < mapped.events().size(); n++) {
            events.get(mapped.sourceIndexes().get(n)).add(mapped.events().get(n));
        }
        for (Rejection r : mapped.rejections()) {
            problems.get(r.index()).add(new FieldError(r.field(), r.problem()));
        }
        for (Rejection r : mapped.notes()) {
            notes.get(r.index()).add(new FieldError(r.field(), r.problem()));
        }
        List<SourceUnit> units = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            units.add(new SourceUnit(position.apply(i), events.get(i), problems.get(i), notes.get(i)));
        }
        return units;
    }
}
