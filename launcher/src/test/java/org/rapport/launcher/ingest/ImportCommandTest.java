package org.rapport.launcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.launcher.RapportCli;
import org.rapport.programs.ProgramRegistry;
import org.rapport.simulator.Simulator;
import org.rapport.testkit.KafkaClusterExtension;

/** Issue 11: {@code rapport import} exited 0 when nothing was imported, and was silent in a cron job's log. */
class ImportCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    /** Progress lines as often as possible, so that even a tiny import prints some. */
    private static final Map<String, String> ENV = Map.of("RAPPORT_IMPORT_PROGRESS_INTERVAL", "PT0.000001S");

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void localPlatformLeftItsSecretAndPrograms() throws Exception {
        CLUSTER.provisionRapportTopics();
        Files.writeString(dataDir.resolve("pseudonym.secret"), "cli-secret\n");
        ProgramRegistry.of(Simulator.programs()).save(dataDir.resolve("programs.yaml"));
    }

    private static String line(int craving, String program) {
        return "{\"type\":\"survey\",\"event_id\":\"" + UUID.randomUUID() + "\",\"clinic_id\":\"clinic-east\",\"program_id\":\""
                + program + "\",\"occurred_at\":\"2026-02-02T10:00:00Z\",\"client_ref\":\"E-4001\",\"instrument\":\"CRAVING\","
                + "\"items\":[" + craving + "]}\n";
    }

    @Test
    void everyRowInIsZeroWithTimeRateAndProgressLines() throws Exception {
        Path file = dataDir.resolve("good.jsonl");
        Files.writeString(file, line(1, "east-op") + line(2, "east-op"));

        Result r = run(dataDir, file.toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("read 2, accepted 2, rejected 0; 2 events written in \\d+\\.\\d s \\(\\d+ events/s\\)")
                .contains("import: ").contains(" rows, ").contains("good.jsonl");
    }

    @Test
    void someRowsRejectedIsThreeUnlessPartialImportsAreAccepted() throws Exception {
        Path file = dataDir.resolve("partial.jsonl");
        Files.writeString(file, line(3, "east-op") + line(4, "north-op"));
        Path report = dataDir.resolve("partial-report.tsv");

        Result strict = run(dataDir, "--report", report.toString(), file.toString());
        Result lenient = run(dataDir, "--report", report.toString(), "--accept-partial", file.toString());

        assertThat(strict.status()).isEqualTo(3);
        assertThat(strict.out()).contains("read 2, accepted 1, rejected 1; 1 events written in")
                .contains("rejections listed in " + report);
        assertThat(lenient.status()).isZero();
        assertThat(Files.readString(report)).contains("line 2\tprogram_id\tprogram 'north-op' belongs to clinic "
                + "clinic-north, not to clinic-east");
    }

    @Test
    void nothingWrittenIsFourEvenWithPartialImportsAccepted() throws Exception {
        Path empty = dataDir.resolve("empty.ndjson");
        Files.writeString(empty, "");
        Path binary = dataDir.resolve("image.json");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});

        assertThat(run(dataDir, empty.toString()).status()).isEqualTo(4);
        Result garbage = run(dataDir, "--accept-partial", binary.toString());
        assertThat(garbage.status()).isEqualTo(4);
        assertThat(garbage.out()).contains("read 1, accepted 0, rejected 1; 0 events written");
    }

    @Test
    void withoutAProgramRegistryTheImportDoesNotStart(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("pseudonym.secret"), "cli-secret\n");
        Path file = elsewhere.resolve("good.jsonl");
        Files.writeString(file, line(1, "east-op"));

        Result r = run(elsewhere, file.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("rapport: no program registry: set RAPPORT_PROGRAMS_FILE");
        assertThat(run(elsewhere, "--help").out()).contains("--accept-partial", "Exit codes:", "3", "4");
    }

    record Result(int status, String out, String err) {
    }

    private static Result run(Path data, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("import", "--data-dir", data.toString(),
                "--bootstrap-servers", CLUSTER.bootstrapServers(), "--schema-registry-url", CLUSTER.schemaRegistryUrl(),
                "--clinic", "clinic-east"));
        all.addAll(List.of(args));
        var cli = RapportCli.commandLine(ENV, new PrintStream(out, true, StandardCharsets.UTF_8), () -> null);
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int status = cli.execute(all.toArray(String[]::new));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
