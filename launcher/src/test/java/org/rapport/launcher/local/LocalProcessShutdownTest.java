package org.rapport.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.launcher.RapportCli;

/** {@code rapport local} as its own process, stopped by a signal the way Ctrl-C stops it. */
class LocalProcessShutdownTest {

    private static final Pattern REGISTRY = Pattern.compile("Schema registry\\s+(http://\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void aTerminationSignalStopsEverythingCleanlyAndPromptly() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), RapportCli.class.getName(),
                "local", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--registry-port", "0", "--no-demo")
                .redirectErrorStream(true);
        // A free HTTP port, not the default 8080, which something else on the machine may hold.
        builder.environment().put("RAPPORT_HTTP_PORT", "0");
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<String> registryUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = REGISTRY.matcher(line);
                    if (m.find()) {
                        registryUrl.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                registryUrl.completeExceptionally(e);
            }
            registryUrl.completeExceptionally(new AssertionError("rapport local ended: " + lines));
        });
        reader.start();
        try {
            String url = registryUrl.get(120, TimeUnit.SECONDS);
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("rapport.episodes.v1-value");

            // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT. (Process.destroy() would also close
            // our end of the child's stdout, losing what it prints while stopping.)
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute: %s", lines).isTrue();
            reader.join(10_000);
            assertThat(String.join("\n", lines)).contains("Stopping Rapport local platform...")
                    .containsPattern("Kafka broker on 127\\.0\\.0\\.1:\\d+ stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
