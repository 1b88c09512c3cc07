package org.rapport.ingest.fhir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.config.RapportConfig;

/**
 * The configurable part of the FHIR mapping: which Questionnaire is which instrument and which linkId is which
 * item, the values of answer codes, the codes of levels of care and discharge reasons, and which Patient
 * identifier is the medical record number. The shipped defaults ({@code fhir-mapping.yaml} beside this class)
 * come first; {@code fhir.mapping.file} adds to them. Loaded and checked once.
 */
public final class FhirMapping {

    /** Configuration key of the clinic's own mapping file (empty = the defaults only). */
    public static final String FILE_KEY = "fhir.mapping.file";
    /** Configuration key of the identifier system whose value is the medical record number (empty = type MR). */
    public static final String MRN_SYSTEM_KEY = "fhir.patient.identifier.system";
    private static final String DEFAULTS = "fhir-mapping.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One questionnaire rule.
     *
     * @param instrument    the Rapport instrument
     * @param questionnaire canonical URLs, or bare names/codes compared with a URL's last segment
     * @param items         linkId → item number; empty: the linkId is the number
     * @param skip          linkIds that are no item (totals, difficulty, free text)
     */
    public record QuestionnaireRule(Instrument instrument, List<String> questionnaire, Map<String, Integer> items,
                                    Set<String> skip) {
    }

    private final List<QuestionnaireRule> questionnaires;
    private final Map<String, Integer> answers;
    private final Map<String, LevelOfCare> levels;
    private final Map<String, DischargeReason> discharges;
    private final String mrnSystem;

    private FhirMapping(List<QuestionnaireRule> questionnaires, Map<String, Integer> answers,
                        Map<String, LevelOfCare> levels, Map<String, DischargeReason> discharges, String mrnSystem) {
        this.questionnaires = List.copyOf(questionnaires);
        this.answers = Map.copyOf(answers);
        this.levels = Map.copyOf(levels);
        this.discharges = Map.copyOf(discharges);
        this.mrnSystem = mrnSystem == null || mrnSystem.isBlank() ? null : mrnSystem.strip();
    }

    /** The shipped defaults, the MRN being the identifier typed MR. */
    public static FhirMapping defaults() {
        return builder().build(null);
    }

    /** The defaults plus {@value #FILE_KEY}, with the MRN system of {@value #MRN_SYSTEM_KEY}. */
    public static FhirMapping fromConfig(RapportConfig config) {
        Builder builder = builder();
        if (config.isSet(FILE_KEY)) {
            Path file = config.path(FILE_KEY);
            try {
                builder.add(YAML.readValue(Files.readString(file), File.class), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read FHIR mapping file " + file + " (" + FILE_KEY + "): "
                        + e.getMessage(), e);
            }
        }
        return builder.build(config.string(MRN_SYSTEM_KEY));
    }

    private static Builder builder() {
        Builder builder = new Builder();
        try (InputStream in = FhirMapping.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " missing from the classpath");
            }
            builder.add(YAML.readValue(in, File.class), DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder;
    }

    /** The identifier system that holds the medical record number, or empty when it is the identifier typed MR. */
    public Optional<String> mrnSystem() {
        return Optional.ofNullable(mrnSystem);
    }

    /** The rule of a Questionnaire reference (canonical URL, possibly with {@code |version}, or a local reference). */
    public Optional<QuestionnaireRule> questionnaire(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String url = reference.split("\\|")[0].strip();
        String last = normalized(url.substring(url.lastIndexOf('/') + 1));
        for (QuestionnaireRule rule : questionnaires) {
            for (String name : rule.questionnaire()) {
                if (name.contains("/") ? name.equals(url) : normalized(name).equals(last)) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }

    /** The (first) rule of an instrument, for responses whose instrument extension names it. */
    public Optional<QuestionnaireRule> rule(Instrument instrument) {
        return questionnaires.stream().filter(r -> r.instrument() == instrument).findFirst();
    }

    /** The only instrument whose item table knows these linkIds, when the questionnaire names none. */
    public Optional<QuestionnaireRule> byLinkIds(List<String> linkIds) {
        QuestionnaireRule found = null;
        for (QuestionnaireRule rule : questionnaires) {
            if (linkIds.stream().map(FhirMapping::lastSegment).anyMatch(rule.items()::containsKey)) {
                if (found != null && found.instrument() != rule.instrument()) {
                    return Optional.empty();
                }
                found = found == null ? rule : found;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The value of an answer coding by its code ({@code system|code} first). */
    public Optional<Integer> answer(String system, String code) {
        return Optional.ofNullable(lookup(answers, system, code));
    }

    /** The level of care of the first mapped coding of EpisodeOfCare.type. */
    public Optional<LevelOfCare> levelOfCare(JsonNode concepts) {
        return first(levels, concepts);
    }

    /** The discharge reason of the first mapped coding of a CodeableConcept (or an array of them). */
    public Optional<DischargeReason> dischargeReason(JsonNode concepts) {
        return first(discharges, concepts);
    }

    /** A linkId's last '/'-segment: LHC-Forms writes {@code /44250-9}, nested panels {@code /44249-1/44250-9}. */
    static String lastSegment(String linkId) {
        return linkId == null ? "" : linkId.substring(linkId.lastIndexOf('/') + 1);
    }

    private static <V> Optional<V> first(Map<String, V> table, JsonNode concepts) {
        Iterable<JsonNode> all = concepts.isArray() ? concepts : List.of(concepts);
        for (JsonNode concept : all) {
            for (JsonNode coding : concept.path("coding")) {
                V value = lookup(table, FhirResources.text(coding, "system"), FhirResources.text(coding, "code"));
                if (value != null) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static <V> V lookup(Map<String, V> table, String system, String code) {
        if (code == null) {
            return null;
        }
        V exact = system == null ? null : table.get(system + "|" + code);
        return exact != null ? exact : table.get(code);
    }

    private static String normalized(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** The YAML shape of a mapping file. */
    private record File(@JsonProperty("questionnaires") List<Rule> questionnaires,
                        @JsonProperty("answers") Map<String, Integer> answers,
                        @JsonProperty("level_of_care") Map<String, String> levelOfCare,
                        @JsonProperty("discharge_reason") Map<String, String> dischargeReason) {
    }

    private record Rule(@JsonProperty("instrument") String instrument,
                        @JsonProperty("questionnaire") List<String> questionnaire,
                        @JsonProperty("items") Map<String, Integer> items,
                        @JsonProperty("skip") List<String> skip) {
    }

    /** Collects files in order; a later file's questionnaire rules are tried before earlier ones. */
    private static final class Builder {
        private final List<QuestionnaireRule> questionnaires = new ArrayList<>();
        private final Map<String, Integer> answers = new HashMap<>();
        private final Map<String, LevelOfCare> levels = new HashMap<>();
        private final Map<String, DischargeReason> discharges = new HashMap<>();

        void add(File file, String source) {
            List<QuestionnaireRule> rules = new ArrayList<>();
            List<Rule> given = file.questionnaires() == null ? List.of() : file.questionnaires();
            for (int i = 0; i < given.size(); i++) {
                rules.add(rule(given.get(i), source + ": questionnaires[" + i + "]"));
            }
            questionnaires.addAll(0, rules);
            if (file.answers() != null) {
                answers.putAll(file.answers());
            }
            if (file.levelOfCare() != null) {
                file.levelOfCare().forEach((code, level) -> levels.put(code,
                        enumValue(LevelOfCare.class, level, source + ": level_of_care '" + code + "'")));
            }
            if (file.dischargeReason() != null) {
                file.dischargeReason().forEach((code, reason) -> discharges.put(code,
                        enumValue(DischargeReason.class, reason, source + ": discharge_reason '" + code + "'")));
            }
        }

        private static QuestionnaireRule rule(Rule rule, String where) {
            Instrument instrument = enumValue(Instrument.class, rule.instrument(), where + ".instrument");
            if (rule.questionnaire() == null || rule.questionnaire().isEmpty()) {
                throw new IllegalArgumentException(where + ": questionnaire lists no URL or name");
            }
            Map<String, Integer> items = rule.items() == null ? Map.of() : rule.items();
            items.forEach((linkId, n) -> {
                if (n == null || n < 1) {
                    throw new IllegalArgumentException(where + ".items: linkId '" + linkId + "' needs an item number >= 1");
                }
            });
            return new QuestionnaireRule(instrument, List.copyOf(rule.questionnaire()), Map.copyOf(items),
                    rule.skip() == null ? Set.of() : Set.copyOf(rule.skip()));
        }

        private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
            try {
                return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": '" + value + "' is not a " + type.getSimpleName(), e);
            }
        }

        FhirMapping build(String mrnSystem) {
            return new FhirMapping(questionnaires, answers, levels, discharges, mrnSystem);
        }
    }
}
