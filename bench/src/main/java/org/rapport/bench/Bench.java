package org.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rapport.bench.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §8's benchmark: for each workload size, the raw-Kafka baseline on the workload's own serialised records,
 * then the whole pipeline over the same records with exactly-once v2 and with at-least-once; latency at half the
 * measured exactly-once rate; HTTP ingestion. {@link #run} prints a table and writes the JSON results.
 */
public final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
    static final String EXACTLY_ONCE = "exactly_once_v2";
    static final String AT_LEAST_ONCE = "at_least_once";
    private static final long SEED = 42;
    private static final long CHUNK_EVENTS = 1_000_000L;
    /** TopologyTestDriver commits after every record: a prefix of the workload is enough to see the topology's cost. */
    private static final long TOPOLOGY_ONLY_RECORDS = 20_000;
    /** Simulated days of the latency phase's background events. */
    private static final int LATENCY_DAYS = 2;
    /** The second latency rate: a twentieth of the exactly-once maximum, to show latency without a backlog. */
    private static final int LOW_RATE_DIVISOR = 20;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(30);

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
        String machine = result.machine().host().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        String date = LocalDate.ofInstant(Instant.parse(result.startedAt()), ZoneOffset.UTC).toString();
        String suffix = result.label().equals("default") ? "" : "-" + result.label();
        return dir.resolve(date + "-" + machine + suffix + ".json");
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
                ScaleRun scale = new ScaleRun(cluster, target);
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
        }
        return result;
    }

    /** One workload size, from empty topics. */
    private final class ScaleRun {
        private final BenchCluster cluster;
        private final long target;
        private long events;
        private long records;
        private long clients;
        private long valueBytes;
        /** The workload when it fits in one chunk, kept for the topology-alone measurement. */
        private Workload lastChunk;

        ScaleRun(BenchCluster cluster, long target) {
            this.cluster = cluster;
            this.target = target;
        }

        BenchResult.Scale measure() throws Exception {
            cluster.resetTopics();
            String bootstrap = cluster.config().string("bootstrap.servers");
            long produceNanos = loadInputs(bootstrap);
            progress("%s: reading the %d records back", label(), records);
            long consumeNanos = RawKafka.consume(bootstrap, records, PHASE_TIMEOUT);
            double produceRate = records / (produceNanos / 1e9);
            double consumeRate = records / (consumeNanos / 1e9);
            double bothRate = records / ((produceNanos + consumeNanos) / 1e9);
            BenchResult.Baseline baseline = new BenchResult.Baseline(produceRate, consumeRate, bothRate);
            TopologyOnly.Result topologyOnly = null;
            if (lastChunk != null) {
                List<ProducerRecord<String, byte[]>> sample = lastChunk.records().subList(0,
                        (int) Math.min(lastChunk.size(), TOPOLOGY_ONLY_RECORDS));
                progress("%s: the topology alone (TopologyTestDriver) over the first %d records", label(), sample.size());
                topologyOnly = TopologyOnly.run(sample, cluster.config(), cluster.registry(),
                        cluster.scratch().resolve("topology-only-" + target));
                lastChunk = null;
            }

            List<BenchResult.Pipeline> pipelines = new ArrayList<>();
            PipelineRun.StateSize state;
            try (PipelineRun eos = new PipelineRun(cluster, EXACTLY_ONCE, runName(EXACTLY_ONCE))) {
                pipelines.add(pipeline(eos, bothRate));
                state = eos.stateSize();
            }
            if (target <= options.atLeastOnceUpTo()) {
                try (PipelineRun alos = new PipelineRun(cluster, AT_LEAST_ONCE, runName(AT_LEAST_ONCE))) {
                    pipelines.add(pipeline(alos, bothRate));
                }
            }
            return new BenchResult.Scale(target, events, records, (int) clients, events / (double) Math.max(1, clients),
                    valueBytes / (double) Math.max(1, events), baseline, topologyOnly, pipelines, state);
        }

        /**
         * Restarts the exactly-once application (its state is kept, nothing is left to process) and probes latency
         * while new clients' events arrive at half, then at a twentieth of, the rate it achieved.
         */
        List<LatencyProbe.Result> latency(Duration duration, double exactlyOnceRate) throws Exception {
            double[] rates = {exactlyOnceRate / 2, exactlyOnceRate / LOW_RATE_DIVISOR};
            int[] slices = new int[rates.length];
            int needed = 0;
            for (int i = 0; i < rates.length; i++) {
                slices[i] = (int) Math.min(Integer.MAX_VALUE / 4, (long) (rates[i] * duration.toSeconds() * 1.2) + 100);
                needed += slices[i];
            }
            // Live-like: the events of the next two simulated days (mostly admissions of new clients), so that event
            // time moves as it would in live use — a UTC midnight, and its recomputation of every client, once a
            // day — rather than replaying months within seconds.
            int newClients = (int) Math.max(10, needed * 2L / 3);
            progress("latency: simulating the next %d days with %d new clients", LATENCY_DAYS, newClients);
            Workload next = Workload.simulate(SEED + 1000, newClients, Workload.START.plus(Duration.ofDays(Workload.DAYS)),
                    LATENCY_DAYS, "bench-latency", cluster.partitions(), cluster.registry());
            List<LatencyProbe.Result> results = new ArrayList<>();
            try (PipelineRun eos = new PipelineRun(cluster, EXACTLY_ONCE, runName(EXACTLY_ONCE))) {
                eos.startAndCatchUp(PHASE_TIMEOUT);
                int from = 0;
                for (int i = 0; i < rates.length; i++) {
                    int to = Math.min(next.records().size(), from + slices[i]);
                    progress("latency: %.0f records/s for %d s with probes", rates[i], duration.toSeconds());
                    results.add(new LatencyProbe(cluster.config().string("bootstrap.servers"), cluster.registry())
                            .run(next.records().subList(from, to), rates[i], duration,
                                    () -> eos.awaitCaughtUp(PHASE_TIMEOUT)));
                    from = to;
                }
            }
            return results;
        }

        private BenchResult.Pipeline pipeline(PipelineRun run, double baselineRate) throws Exception {
            progress("%s: pipeline with %s over %d records", label(), run.guarantee(), records);
            PipelineRun.Measured m = run.processAll(records, PHASE_TIMEOUT);
            progress("%s: %s %.0f records/s", label(), run.guarantee(), m.recordsPerSecond());
            return new BenchResult.Pipeline(m.guarantee(), m.seconds(), m.recordsPerSecond(),
                    m.recordsPerSecond() / baselineRate, m.cpuMicrosPerRecord(), m.startSeconds(), m.inputBytes(),
                    m.bytesWritten());
        }

        /** Generates the workload chunk by chunk (at most a million events in memory) and times only producing. */
        private long loadInputs(String bootstrap) {
            long produceNanos = 0;
            long chunks = (target + CHUNK_EVENTS - 1) / CHUNK_EVENTS;
            for (int c = 0; c < chunks; c++) {
                long chunkTarget = Math.min(CHUNK_EVENTS, target - c * CHUNK_EVENTS);
                progress("%s: simulating chunk %d of %d (%d events)", label(), c + 1, chunks, chunkTarget);
                int chunkClients = Workload.clientsFor(chunkTarget, SEED + c, cluster.registry());
                Workload w = Workload.simulate(SEED + c, chunkClients, Workload.START, "bench-secret-" + c,
                        cluster.partitions(), cluster.registry());
                progress("%s: producing %d records", label(), w.size());
                produceNanos += RawKafka.produce(bootstrap, w.records());
                events += w.events();
                records += w.size();
                clients += w.clients();
                valueBytes += w.valueBytes();
                lastChunk = chunks == 1 ? w : null;
            }
            return produceNanos;
        }

        private String runName(String guarantee) {
            return target + "-" + (guarantee.equals(EXACTLY_ONCE) ? "eos" : "alos");
        }

        private String label() {
            return ResultTable.count(target) + " events";
        }
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
