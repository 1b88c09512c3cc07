package org.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * The schema-evolution guarantee of SPEC §3: every released version of each topic's value schema is kept
 * under {@code schemas/released/<topic>/v<N>.avsc}, and the current schema (the generated class's) can
 * read data written with every one of them — BACKWARD_TRANSITIVE, the compatibility level of our subjects.
 * How to release a new version: {@code schemas/released/README.md}.
 */
class SchemaCompatibilityTest {

    /** Surefire runs in the module directory. */
    private static final Path RELEASED = Path.of("released");
    private static final Path CANDIDATES = Path.of("target", "released-candidates");
    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    static Stream<Topic<?>> topics() {
        return Topics.ALL.stream().map(t -> (Topic<?>) t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyTopicHasReleasedVersionsNumberedFromOneWithoutGaps(Topic<?> topic) {
        List<Integer> versions = versions(topic).stream().map(Released::version).toList();

        assertThat(versions).as("released versions of %s under %s (a new topic needs a v1.avsc)",
                topic.name(), RELEASED.resolve(topic.name()).toAbsolutePath()).isNotEmpty();
        assertThat(versions).as("version numbers of %s", topic.name())
                .isEqualTo(Stream.iterate(1, v -> v + 1).limit(versions.size()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void theCurrentSchemaReadsDataOfEveryReleasedVersion(Topic<?> topic) {
        for (Released old : versions(topic)) {
            assertThat(incompatibilities(topic.valueSchema(), old.schema()))
                    .as("%s: the current schema must read data written with released %s", topic.name(), old.file())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void theLatestReleasedVersionIsTheCurrentSchema(Topic<?> topic) throws IOException {
        List<Released> versions = versions(topic);
        Released latest = versions.get(versions.size() - 1);
        if (!latest.schema().equals(topic.valueSchema())) {
            // Make releasing a copy: write the candidate where the failure message points.
            Path candidate = CANDIDATES.resolve(topic.name()).resolve("v" + (latest.version() + 1) + ".avsc");
            Files.createDirectories(candidate.getParent());
            Files.writeString(candidate, topic.valueSchema().toString(true) + "\n");
        }
        assertThat(topic.valueSchema())
                .as("The value schema of %s differs from its latest release %s. Release it: copy %s to %s "
                        + "(see schemas/released/README.md)", topic.name(), latest.file(),
                        CANDIDATES.resolve(topic.name()).resolve("v" + (latest.version() + 1) + ".avsc"),
                        RELEASED.resolve(topic.name()))
                .isEqualTo(latest.schema());
    }

    @Test
    void everyReleasedFolderBelongsToATopic() throws IOException {
        try (Stream<Path> folders = Files.list(RELEASED)) {
            assertThat(folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("folders under %s (a renamed or removed topic?)", RELEASED)
                    .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        }
    }

    // The next three prove the check itself, with would-be next versions of a released schema.

    @Test
    void theCheckCatchesANewRequiredFieldWithoutDefault() {
        Schema released = releasedV1(Topics.SESSIONS);
        Schema withRoom = withFirstField(released, "{\"name\":\"room\",\"type\":\"string\"}");

        assertThat(incompatibilities(withRoom, released)).singleElement().asString()
                .startsWith(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE + " at /fields/0");
    }

    @Test
    void theCheckCatchesARemovedEnumSymbol() {
        Schema released = releasedV1(Topics.SESSIONS);
        Schema withoutTelehealth = new Schema.Parser().parse(released.toString()
                .replace("\"IN_PERSON\",\"TELEHEALTH\"", "\"IN_PERSON\""));

        assertThat(incompatibilities(withoutTelehealth, released)).singleElement().asString()
                .startsWith(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS.toString());
    }

    @Test
    void theCheckAcceptsANewFieldWithADefault() {
        Schema released = releasedV1(Topics.SESSIONS);
        Schema withRoom = withFirstField(released,
                "{\"name\":\"room\",\"type\":[\"null\",\"string\"],\"default\":null}");

        assertThat(withRoom).isNotEqualTo(released);
        assertThat(incompatibilities(withRoom, released)).isEmpty();
    }

    /** What stops {@code reader} from reading data written with {@code writer}; empty when it can. */
    static List<String> incompatibilities(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()
                .stream().map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage()).toList();
    }

    private static Schema releasedV1(Topic<?> topic) {
        return versions(topic).get(0).schema();
    }

    private static Schema withFirstField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int fields = json.indexOf("\"fields\":[") + "\"fields\":[".length();
        return new Schema.Parser().parse(json.substring(0, fields) + fieldJson + "," + json.substring(fields));
    }

    private record Released(int version, Path file, Schema schema) {
    }

    private static List<Released> versions(Topic<?> topic) {
        Path folder = RELEASED.resolve(topic.name());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                assertThat(m.matches()).as("%s is not named v<N>.avsc", file).isTrue();
                return new Released(Integer.parseInt(m.group(1)), file, parse(file));
            }).sorted(Comparator.comparingInt(Released::version)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
