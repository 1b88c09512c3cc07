package org.rapport.launcher.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.launcher.RapportCli;
import org.rapport.testkit.KafkaClusterExtension;

class TopicsCommandTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    @TempDir
    Path dir;

    @Test
    void describesMissingTopicsThenCreatesThemWithTheConfiguredPartitions() throws Exception {
        // The flag wins over the environment, the environment over the file, the file over the defaults.
        Path file = dir.resolve("rapport.properties");
        Files.writeString(file, "topics.partitions=3\nbootstrap.servers=file.invalid:9092\n");
        Map<String, String> env = Map.of("RAPPORT_BOOTSTRAP_SERVERS", "env.invalid:9092", "RAPPORT_TOPICS_PARTITIONS", "2");
        String[] cluster = {"--bootstrap-servers", CLUSTER.bootstrapServers(), "--config", file.toString()};

        Result before = run(env, "topics", "--describe", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(before.status()).isEqualTo(2);
        assertThat(before.out()).contains("rapport.episodes.v1            INPUT          MISSING");

        Result create = run(env, "topics", "--create", cluster[0], cluster[1], cluster[2], cluster[3]);
        assertThat(create.status()).isZero();
        // 13: the five inputs, seven outputs (rapport.training-effects.v1, SPEC 5.8, is the seventh) and dead letters
        assertThat(create.out()).contains("Created 13 topic(s) on " + CLUSTER.bootstrapServers())
                .contains("rapport.episodes.v1            INPUT                2        1  delete   forever   client_id")
                .contains("rapport.client-status.v1       OUTPUT               2        1  compact  forever   client_id")
                .contains("rapport.trainings.v1           INPUT                2        1  delete   forever   counselor_id")
                .contains("rapport.training-effects.v1    OUTPUT               2        1  compact  forever   training_id")
                .doesNotContain("MISSING");

        Result again = run(Map.of(), "topics", "--create", cluster[0], cluster[1]);
        assertThat(again.out()).contains("Created 0 topic(s)");
    }

    @Test
    void aMissingConfigurationFileFailsWithAMessage() {
        Result result = run(Map.of(), "topics", "--describe",
                "--config", "/nonexistent/rapport.properties");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("rapport: Cannot read configuration file /nonexistent/rapport.properties");
    }

    record Result(int status, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cli = RapportCli.commandLine(env, new PrintStream(out, true, StandardCharsets.UTF_8), () -> {
            throw new AssertionError("not a local run");
        });
        cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int status = cli.execute(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
