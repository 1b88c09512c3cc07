package org.rapport.programs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rapport.avro.LevelOfCare;
import org.rapport.config.RapportConfig;
import org.rapport.validation.Ids;

/**
 * Which clinic owns each program (issue: any clinic could write into any program). Read once from the YAML list
 * named by {@value #FILE_KEY} — {@code {id, clinic, name, level_of_care}} per program — and validated whole at
 * start, so a typo stops the process instead of refusing events later. The gateway and the importer refuse an
 * event whose {@code program_id} is not registered (422) or belongs to another clinic than the event's (403).
 *
 * <p>A registry built without a file ({@link #unrestricted()}) accepts every program: the Java client's default
 * when {@value #FILE_KEY} is empty. The commands that face clinics ({@code rapport local}, {@code serve},
 * {@code gateway}, {@code import}) always load one.
 */
public final class ProgramRegistry {

    /** Configuration key naming the YAML file. */
    public static final String FILE_KEY = "programs.file";
    private static final int MAX_NAME = 200;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, Program> byId;
    private final boolean restricted;

    private ProgramRegistry(Map<String, Program> byId, boolean restricted) {
        this.byId = byId;
        this.restricted = restricted;
    }

    /** A registry that knows no program and accepts every one (no {@value #FILE_KEY} configured). */
    public static ProgramRegistry unrestricted() {
        return new ProgramRegistry(Map.of(), false);
    }

    /** A registry of exactly these programs; throws on a duplicate id. */
    public static ProgramRegistry of(List<Program> programs) {
        Map<String, Program> map = new LinkedHashMap<>();
        for (Program p : programs) {
            if (map.put(p.id(), p) != null) {
                throw new IllegalArgumentException("program '" + p.id() + "' is declared twice");
            }
        }
        return new ProgramRegistry(Collections.unmodifiableMap(map), true);
    }

    /** The registry of {@value #FILE_KEY}, or {@link #unrestricted()} when the key is empty. */
    public static ProgramRegistry fromConfig(RapportConfig config) {
        return config.isSet(FILE_KEY) ? load(config.path(FILE_KEY)) : unrestricted();
    }

    /** Reads and validates a programs file; every problem names the entry. */
    public static ProgramRegistry load(Path file) {
        List<Entry> entries;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            entries = text.isBlank() ? List.of() : YAML.readValue(text, new TypeReference<List<Entry>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read programs file " + file + " (" + FILE_KEY + "): "
                    + e.getMessage(), e);
        }
        try {
            List<Program> programs = new ArrayList<>();
            for (int i = 0; i < (entries == null ? 0 : entries.size()); i++) {
                programs.add(entries.get(i).program(i + 1));
            }
            return of(programs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Programs file " + file + " (" + FILE_KEY + "): " + e.getMessage(), e);
        }
    }

    /** Writes the programs as the YAML list {@link #load} reads. */
    public void save(Path file) {
        List<Entry> entries = byId.values().stream().map(Entry::of).toList();
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, "# Rapport programs: who owns each program_id, its display name and the level of\n"
                    + "# care of its episodes when a FHIR EpisodeOfCare does not say (" + FILE_KEY + ").\n"
                    + YAML.writeValueAsString(entries), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write programs file " + file, e);
        }
    }

    /** False when no file is configured: then every program id is accepted. */
    public boolean restricted() {
        return restricted;
    }

    public Optional<Program> find(String programId) {
        return programId == null ? Optional.empty() : Optional.ofNullable(byId.get(programId));
    }

    /** The registered programs, in file order. */
    public List<Program> programs() {
        return List.copyOf(byId.values());
    }

    /**
     * Why {@code clinicId} may not write events of {@code programId}, or empty when it may (always, when
     * unrestricted). The gateway answers 403 for {@link Refusal#FOREIGN} and 422 for {@link Refusal#UNKNOWN}.
     */
    public Optional<Refusal> refusal(String clinicId, String programId) {
        if (!restricted || programId == null) {
            return Optional.empty();
        }
        Program program = byId.get(programId);
        if (program == null) {
            return Optional.of(new Refusal(Refusal.UNKNOWN, "unknown program '" + programId
                    + "': it is not in the program registry (" + FILE_KEY + ")"));
        }
        if (clinicId != null && !program.clinicId().equals(clinicId)) {
            return Optional.of(new Refusal(Refusal.FOREIGN, "program '" + programId + "' belongs to clinic "
                    + program.clinicId() + ", not to " + clinicId));
        }
        return Optional.empty();
    }

    /**
     * Why an event may not name its program.
     *
     * @param kind    {@link #UNKNOWN} or {@link #FOREIGN}
     * @param problem a sentence naming the program (and its owner)
     */
    public record Refusal(String kind, String problem) {
        /** The program is not registered. */
        public static final String UNKNOWN = "unknown";
        /** The program belongs to another clinic. */
        public static final String FOREIGN = "foreign";

        public boolean foreign() {
            return FOREIGN.equals(kind);
        }
    }

    /** One YAML entry as written; checked into a {@link Program}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "clinic", "name", "level_of_care"})
    private record Entry(@JsonProperty("id") String id, @JsonProperty("clinic") String clinic,
                         @JsonProperty("name") String name, @JsonProperty("level_of_care") String levelOfCare) {

        static Entry of(Program p) {
            return new Entry(p.id(), p.clinicId(), p.name(), p.levelOfCare().name());
        }

        Program program(int position) {
            String where = "entry " + position + (id == null ? "" : " '" + id + "'");
            // The one id alphabet of the project (Ids), so a registered program or clinic can always be sent.
            require(where, "id", id, Ids.idProblem(id));
            require(where, "clinic", clinic, Ids.clinicIdProblem(clinic));
            String display = name == null ? id : name.strip();
            if (display.isEmpty() || display.length() > MAX_NAME || display.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(where + ": name must be 1–" + MAX_NAME
                        + " characters without control characters");
            }
            if (levelOfCare == null) {
                throw new IllegalArgumentException(where + ": level_of_care is missing; one of " + levels());
            }
            try {
                return new Program(id, clinic, display, LevelOfCare.valueOf(levelOfCare.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": level_of_care '" + levelOfCare + "' is not one of "
                        + levels(), e);
            }
        }

        private static void require(String where, String field, String value, java.util.Optional<String> problem) {
            if (value == null) {
                throw new IllegalArgumentException(where + ": " + field + " is missing");
            }
            problem.ifPresent(p -> {
                throw new IllegalArgumentException(where + ": " + field + " " + p);
            });
        }

        private static String levels() {
            return Arrays.stream(LevelOfCare.values()).map(Enum::name).collect(Collectors.joining("|"));
        }
    }
}
