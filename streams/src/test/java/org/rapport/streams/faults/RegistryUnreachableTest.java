package org.rapport.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.platform.registry.EmbeddedSchemaRegistry;
import org.rapport.streams.StreamsMain;
import org.rapport.testkit.KafkaClusterExtension;

/**
 * The registry unreachable when Streams starts: one plain line per retry (no stack trace, no crash loop), the
 * application starts as soon as the registry answers, and gives up with one line after the configured wait.
 */
class RegistryUnreachableTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private Path work;
    private Process streams;

    @BeforeEach
    void workDirectory() throws IOException {
        work = Files.createTempDirectory(Path.of("target"), "registry-");
    }

    @AfterEach
    void stop() throws Exception {
        if (streams != null) {
            streams.destroy();
            streams.waitFor(30, TimeUnit.SECONDS);
            streams.destroyForcibly();
        }
        Scenario.deleteRecursively(work);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void waitsWithOneLinePerRetryAndStartsOnceTheRegistryAnswers() throws Exception {
        int port = freePort();
        Path log = work.resolve("streams.log");
        streams = start(port, "PT5M", log);

        awaitLine(log, "retrying in", Duration.ofSeconds(30));
        Thread.sleep(2500);   // a few retries
        assertThat(streams.isAlive()).as("waiting, not crashed").isTrue();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).filteredOn(l -> l.contains("retrying in")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l).startsWith("rapport streams: Schema registry not reachable at http://127.0.0.1:"
                        + port));
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread"));

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), "127.0.0.1",
                port)) {
            awaitLine(log, "rapport streams: schema registry reachable; starting", Duration.ofSeconds(30));
            Thread.sleep(2000);
            assertThat(streams.isAlive()).as("running after the registry came").isTrue();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void givesUpWithOneLineAfterTheConfiguredWait() throws Exception {
        int port = freePort();
        Path log = work.resolve("streams.log");
        streams = start(port, "PT3S", log);

        assertThat(streams.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(streams.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeBetween(2, 4).allSatisfy(l -> assertThat(l).startsWith("rapport streams: "))
                .last().isEqualTo("rapport streams: no schema registry at http://127.0.0.1:" + port
                        + " after 3 s; giving up");
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread"));
    }

    private Process start(int registryPort, String wait, Path log) throws IOException {
        Path tmp = work.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
                "-Dlog4j2.configurationFile=" + Path.of("target", "test-classes", "log4j2-test.properties").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName(),
                "bootstrap.servers=" + CLUSTER.bootstrapServers(),
                "schema.registry.url=http://127.0.0.1:" + registryPort,
                "schema.registry.connect.timeout=PT1S",
                "schema.registry.startup.wait=" + wait,
                "streams.application.id=rapport-registry-wait",
                "streams.state.dir=" + work.resolve("state")));
        return new ProcessBuilder(command).redirectErrorStream(false).redirectError(log.toFile())
                .redirectOutput(work.resolve("stdout.log").toFile()).start();
    }

    private static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.readAllLines(log, StandardCharsets.UTF_8).stream().noneMatch(l -> l.contains(text))) {
            assertThat(System.nanoTime()).as("'" + text + "' printed in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
