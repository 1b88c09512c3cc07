package org.rapport.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RapportCliTest {

    @Test
    void helpNamesEveryCommandAndWhereEachOptionAlsoComesFrom() {
        assertThat(help("--help")).contains("local", "topics", "RAPPORT_<KEY>", "--config");
        assertThat(help("local", "--help")).contains("--data-dir", "RAPPORT_DATA_DIR", "--kafka-port",
                "RAPPORT_LOCAL_KAFKA_PORT", "--registry-port", "--no-demo", "--bootstrap-servers", "Ctrl-C");
        assertThat(help("topics", "--help")).contains("--create", "--describe", "RAPPORT_BOOTSTRAP_SERVERS",
                "--schema-registry-url", "RAPPORT_SCHEMA_REGISTRY_URL");
        assertThat(help()).contains("Usage: rapport");
    }

    @Test
    void createAndDescribeCannotBeCombined() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cli = RapportCli.commandLine(Map.of(), new PrintStream(new ByteArrayOutputStream()), () -> null);
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        assertThat(cli.execute("topics", "--create", "--describe")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mutually exclusive");
    }

    private static String help(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = RapportCli.commandLine(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), () -> null)
                .execute(args);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
