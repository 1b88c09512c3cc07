package org.rapport.launcher.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapport.launcher.RapportCli;

/** {@code rapport local} as a process of its own (broker included), on free ports, with its output kept. */
final class LocalProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private LocalProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "rapport-local-output");
        reader.setDaemon(true);
        reader.start();
    }

    static LocalProcess start(Path dataDir, String... extraArgs) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", System.getProperty("java.class.path"),
                RapportCli.class.getName(), "local", "--data-dir", dataDir.toString(), "--kafka-port", "0",
                "--registry-port", "0"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RAPPORT_HTTP_PORT", "0");
        return new LocalProcess(builder.start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }

    /** The first group of the first output line matching {@code pattern}, waiting for it up to {@code seconds}. */
    String await(Pattern pattern, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Optional<String> found = find(pattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("rapport local ended (" + process.exitValue() + "): " + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line like " + pattern + " within " + seconds + " s: " + tail());
    }

    Optional<String> find(Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
        return Optional.empty();
    }

    String output() {
        return String.join("\n", lines);
    }

    private String tail() {
        int from = Math.max(0, lines.size() - 40);
        return String.join("\n", lines.subList(from, lines.size()));
    }

    /** SIGKILL: no shutdown hook, no flush, the in-process broker dies with everything else. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("not dead 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM, the way Ctrl-C stops it. */
    void stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
