package org.rapport.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rapport.bench.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workload size, from empty topics: load the input (timing raw produce), read it back (raw consume), the
 * topology alone on a sample, the Streams ceiling, then Rapport's pipeline with exactly-once (and at-least-once at
 * small sizes) over the very same records; then the state the exactly-once run built.
 */
final class ScaleRun {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleRun.class);
    static final String EXACTLY_ONCE = "exactly_once_v2";
    static final String AT_LEAST_ONCE = "at_least_once";
    static final long SEED = 42;
    /** Events simulated and held in memory at once; larger workloads are several chunks, one after another. */
    private static final long CHUNK_EVENTS = 1_000_000L;
    /** Simulated days of the latency phase's background events. */
    private static final int LATENCY_DAYS = 2;
    /** The second latency rate: a twentieth of the exactly-once maximum, to show latency without a backlog. */
    private static final int LOW_RATE_DIVISOR = 20;
    /** Background load before the first probe of each rate: the restarted application's start-up is not timed. */
    private static final Duration LATENCY_WARM_UP = Duration.ofSeconds(3);
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(30);

    private final BenchCluster cluster;
    private final BenchOptions options;
    private final long target;
    private final LongFunction<Path> profileFile;
    private final int topologySample;
    private long events;
    private long records;
    private long clients;
    private long valueBytes;
    /** The first records of the workload, for the topology-alone measurement. */
    private List<ProducerRecord<String, byte[]>> sample = List.of();

    /**
     * @param profileFile    where the JFR file of the exactly-once phase at a given size goes (when profiling)
     * @param topologySample records to put through TopologyTestDriver (0: none)
     */
    ScaleRun(BenchCluster cluster, BenchOptions options, long target, LongFunction<Path> profileFile,
             int topologySample) {
        this.cluster = cluster;
        this.options = options;
        this.target = target;
        this.profileFile = profileFile;
        this.topologySample = topologySample;
    }

    BenchResult.Scale measure() throws Exception {
        cluster.resetTopics();
        String bootstrap = cluster.config().string("bootstrap.servers");
        long produceNanos = loadInputs(bootstrap);
        progress("%s: reading the %d records back", label(), records);
        long consumeNanos = RawKafka.consume(bootstrap, records, timeout());
        double bothRate = records / ((produceNanos + consumeNanos) / 1e9);
        BenchResult.Baseline baseline = new BenchResult.Baseline(records / (produceNanos / 1e9),
                records / (consumeNanos / 1e9), bothRate);
        TopologyOnly.Result topologyOnly = null;
        if (!sample.isEmpty()) {
            progress("%s: the topology alone (TopologyTestDriver) over the first %d records", label(), sample.size());
            topologyOnly = TopologyOnly.run(sample, cluster.config(), cluster.registry(),
                    cluster.scratch().resolve("topology-only-" + target));
            sample = List.of();
        }

        BenchResult.Pipeline ceiling;
        try (PipelineRun count = PipelineRun.ceiling(cluster, EXACTLY_ONCE, runName("count"))) {
            progress("%s: Streams count() with %s over %d records", label(), EXACTLY_ONCE, records);
            ceiling = BenchResult.Pipeline.of("streams count()", count.processAll(records, timeout()), bothRate, null);
            progress("%s: Streams count() %.0f records/s", label(), ceiling.recordsPerSecond());
        }
        List<BenchResult.Pipeline> pipelines = new ArrayList<>();
        PipelineRun eos = PipelineRun.rapport(cluster, EXACTLY_ONCE, runName(EXACTLY_ONCE));
        try (eos) {
            pipelines.add(pipeline(eos, bothRate, options.profile() ? profileFile.apply(target) : null));
        }
        progress("%s: measuring the state of the exactly-once run", label());
        StateSize state = eos.stateSize();
        if (target <= options.atLeastOnceUpTo()) {
            try (PipelineRun alos = PipelineRun.rapport(cluster, AT_LEAST_ONCE, runName(AT_LEAST_ONCE))) {
                pipelines.add(pipeline(alos, bothRate, null));
            }
        }
        return new BenchResult.Scale(target, events, records, (int) clients, events / (double) Math.max(1, clients),
                valueBytes / (double) Math.max(1, events), baseline, ceiling, topologyOnly, pipelines, state,
                state.bytesPerClient(clients));
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
            slices[i] = (int) Math.min(Integer.MAX_VALUE / 4,
                    (long) (rates[i] * (LATENCY_WARM_UP.toSeconds() + duration.toSeconds()) * 1.2) + 100);
            needed += slices[i];
        }
        // Live-like: the events of the next two simulated days (mostly admissions of new clients), so that event
        // time moves as it would in live use — a UTC midnight once a day — rather than replaying months within
        // seconds.
        int newClients = (int) Math.max(10, needed * 2L / 3);
        progress("latency: simulating the next %d days with %d new clients", LATENCY_DAYS, newClients);
        Workload next = Workload.simulate(SEED + 1000, newClients, Workload.START.plus(Duration.ofDays(Workload.DAYS)),
                LATENCY_DAYS, "bench-latency", cluster.partitions(), cluster.registry());
        List<LatencyProbe.Result> results = new ArrayList<>();
        try (PipelineRun eos = PipelineRun.rapport(cluster, EXACTLY_ONCE, runName(EXACTLY_ONCE))) {
            eos.startAndCatchUp(PHASE_TIMEOUT);
            int from = 0;
            for (int i = 0; i < rates.length; i++) {
                int to = Math.min(next.records().size(), from + slices[i]);
                progress("latency: %.0f records/s for %d s with probes", rates[i], duration.toSeconds());
                results.add(new LatencyProbe(cluster.config().string("bootstrap.servers"), cluster.registry())
                        .run(next.records().subList(from, to), rates[i], LATENCY_WARM_UP, duration,
                                () -> eos.awaitCaughtUp(PHASE_TIMEOUT)));
                from = to;
            }
        }
        return results;
    }

    private BenchResult.Pipeline pipeline(PipelineRun run, double baselineRate, Path profile) throws Exception {
        progress("%s: pipeline with %s over %d records%s", label(), run.guarantee(), records,
                profile == null ? "" : ", profiled to " + profile);
        Profile recording = profile == null ? null : Profile.start(run.applicationId(), profile);
        PipelineRun.Measured m;
        try {
            m = run.processAll(records, timeout());
        } catch (Exception | Error e) {
            if (recording != null) {
                recording.close();
            }
            throw e;
        }
        TopFrames.Summary frames = recording == null ? null : recording.stop();
        progress("%s: %s %.0f records/s", label(), run.guarantee(), m.recordsPerSecond());
        return BenchResult.Pipeline.of("pipeline", m, baselineRate, frames);
    }

    /**
     * Generates the workload chunk by chunk (at most a million events in memory) and times only producing. Chunks
     * follow each other in time — each a season of {@link Workload#DAYS} days with its own clients, the last one
     * ending where a single-chunk workload ends — so that event time only moves forward, as in live use, while the
     * history grows.
     */
    private long loadInputs(String bootstrap) {
        long produceNanos = 0;
        long chunks = (target + CHUNK_EVENTS - 1) / CHUNK_EVENTS;
        for (int c = 0; c < chunks; c++) {
            long chunkTarget = Math.min(CHUNK_EVENTS, target - c * CHUNK_EVENTS);
            Instant start = Workload.START.minus(Duration.ofDays((long) Workload.DAYS * (chunks - 1 - c)));
            progress("%s: simulating chunk %d of %d (%d events from %s)", label(), c + 1, chunks, chunkTarget, start);
            int chunkClients = Workload.clientsFor(chunkTarget, SEED + c, cluster.registry());
            Workload w = Workload.simulate(SEED + c, chunkClients, start, "bench-secret-" + c, cluster.partitions(),
                    cluster.registry());
            progress("%s: producing %d records", label(), w.size());
            produceNanos += RawKafka.produce(bootstrap, w.records());
            events += w.events();
            records += w.size();
            clients += w.clients();
            valueBytes += w.valueBytes();
            if (c == 0 && topologySample > 0) {
                sample = new ArrayList<>(w.records().subList(0, (int) Math.min(w.size(), topologySample)));
            }
        }
        return produceNanos;
    }

    /** A safety net, not a measurement: 30 minutes plus a millisecond per record. */
    private Duration timeout() {
        return PHASE_TIMEOUT.plusMillis(records);
    }

    private String runName(String what) {
        return target + "-" + switch (what) {
            case EXACTLY_ONCE -> "eos";
            case AT_LEAST_ONCE -> "alos";
            default -> what;
        };
    }

    private String label() {
        return ResultTable.count(target) + " events";
    }

    private static void progress(String format, Object... args) {
        LOG.info(String.format(Locale.ROOT, format, args));
    }
}
