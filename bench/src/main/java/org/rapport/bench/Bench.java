package org.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §8's benchmark: for each workload size, the raw-Kafka baseline on the workload's own serialised records,
 * then the whole pipeline over the same records with exactly-once v2 and with at-least-once; latency at half the
 * measured exactly-once rate; HTTP ingestion. {@link #run} prints a table and writes the JSON results.
 */
public final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    private final BenchOptions options;
    private final PrintStream out;

    private Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the benchmark, prints the table to {@code out}, writes the JSON file; returns what it measured. */
    public static BenchResult run(BenchOptions options, PrintStream out) throws Exception {
        return new Bench(options, out).run();
    }

    /** The file a result is written to: {@code <dir>/<date>-<machine>.json}. */
    public static Path resultFile(Path dir, BenchResult result) {
        return dir.resolve(baseName(Instant.parse(result.startedAt()), result.machine().host(), result.label()) + ".json");
    }

    /** {@code <date>-<machine>[-<label>]}. */
    private static String baseName(Instant startedAt, String host, String label) {
        String machine = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        String date = LocalDate.ofInstant(startedAt, ZoneOffset.UTC).toString();
        return date + "-" + machine + (label.equals("default") ? "" : "-" + label);
    }

    /**
     * Where the JFR file of the exactly-once phase at {@code events} goes: {@code <results>/profiles/<date>-<machine>
     * -<events>-eos.jfr} (not committed: a short summary is printed and kept beside it as {@code .txt}); without a
     * results directory, in the scratch directory, which is deleted at the end.
     */
    private Path profileFile(Instant startedAt, long events) {
        Path dir = options.resultsDir() != null ? options.resultsDir().resolve("profiles") : options.scratch();
        return dir.resolve(baseName(startedAt, machine().host(), options.label()) + "-" + events + "-eos.jfr");
    }

    private BenchResult run() throws Exception {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        if (options.external() && !options.resetExternal()) {
            throw new IllegalArgumentException("The benchmark deletes and recreates Rapport's topics; on an external "
                    + "cluster allow it explicitly (--reset-topics)");
        }
        List<BenchResult.Scale> scales = new ArrayList<>();
        List<LatencyProbe.Result> latency = null;
        HttpIngest.Result http = null;
        String clusterText;
        try (BenchCluster cluster = options.external() ? BenchCluster.external(options.config(), options.scratch())
                : BenchCluster.embedded(options.config(), options.scratch())) {
            clusterText = cluster.describe();
            for (long target : options.scales()) {
                boolean smallest = target == Collections.min(options.scales());
                ScaleRun scale = new ScaleRun(cluster, options, target, events -> profileFile(startedAt, events),
                        smallest ? options.topologySample() : 0);
                BenchResult.Scale measured = scale.measure();
                scales.add(measured);
                if (latency == null && !options.latency().isZero()) {
                    latency = scale.latency(options.latency(), measured.pipelines().get(0).recordsPerSecond());
                }
            }
            if (options.httpEvents() > 0) {
                progress("HTTP ingestion: %d events in batches of %d", options.httpEvents(), options.httpBatch());
                cluster.resetTopics();
                http = HttpIngest.run(cluster.config(), options.httpEvents(), options.httpBatch());
            }
        }
        BenchResult result = new BenchResult(options.label(), startedAt.toString(), machine(), clusterText, scales,
                latency, http, (System.nanoTime() - started) / 1e9);
        out.println();
        out.print(ResultTable.render(result));
        if (options.resultsDir() != null) {
            Path file = write(result);
            out.println("Results written to " + file);
            writeProfileSummaries(result);
        }
        return result;
    }

    private void progress(String format, Object... args) {
        LOG.info(String.format(Locale.ROOT, format, args));
    }

    private Path write(BenchResult result) {
        try {
            Files.createDirectories(options.resultsDir());
            Path file = resultFile(options.resultsDir(), result);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results: " + e.getMessage(), e);
        }
    }

    /** Each profile's summary as a text file beside its JFR file. */
    private void writeProfileSummaries(BenchResult result) {
        for (BenchResult.Scale s : result.scales()) {
            for (BenchResult.Pipeline p : s.pipelines()) {
                if (p.profile() != null) {
                    Path jfr = Path.of(p.profile().file());
                    Path text = jfr.resolveSibling(jfr.getFileName().toString().replaceAll("\\.jfr$", "") + "-top-frames.txt");
                    try {
                        Files.writeString(text, p.profile().render());
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot write " + text + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    static BenchResult.Machine machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        Runtime rt = Runtime.getRuntime();
        return new BenchResult.Machine(host, rt.availableProcessors(), System.getProperty("os.name") + " "
                + System.getProperty("os.arch"), System.getProperty("java.version"), rt.maxMemory() / (1024 * 1024));
    }
}
