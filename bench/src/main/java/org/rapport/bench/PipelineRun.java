package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.rapport.config.RapportConfig;
import org.rapport.streams.StreamsApp;
import org.rapport.topics.Topics;

/**
 * A Kafka Streams application in this JVM — the whole Rapport topology, or the one-step {@link StreamsCeiling} —
 * under one processing guarantee, over input topics already loaded: measures how long it takes from RUNNING to
 * having committed everything, the process CPU spent, the bytes written and how its transactions went; after
 * {@link #close()}, the state it built. Stays running after {@link #processAll} (for the latency phase) until
 * closed.
 */
final class PipelineRun implements AutoCloseable {

    /** What {@link PipelineRun} starts, watches and closes. */
    interface Application extends AutoCloseable {
        void start();

        /** The running instance; null before start. */
        KafkaStreams kafkaStreams();

        @Override
        void close();
    }

    /** What one run measured. */
    record Measured(String guarantee, long records, double seconds, double recordsPerSecond, double cpuMicrosPerRecord,
                    double startSeconds, long inputBytes, Map<String, Long> bytesWritten, Map<String, Long> recordsWritten,
                    Transactions transactions) {
    }

    private final BenchCluster cluster;
    private final String guarantee;
    private final String applicationId;
    private final Path stateDir;
    private final Application app;

    private PipelineRun(BenchCluster cluster, String guarantee, String runName,
                        java.util.function.Function<RapportConfig, Application> factory) {
        this.cluster = cluster;
        this.guarantee = guarantee;
        this.applicationId = BenchCluster.APP_PREFIX + runName;
        this.stateDir = cluster.scratch().resolve("streams-" + runName);
        RapportConfig config = cluster.config().with(Map.of("streams.application.id", applicationId,
                "streams.processing.guarantee", guarantee, "streams.state.dir", stateDir.toString()));
        this.app = factory.apply(config);
    }

    /** Rapport's whole topology. */
    static PipelineRun rapport(BenchCluster cluster, String guarantee, String runName) {
        return new PipelineRun(cluster, guarantee, runName, config -> {
            StreamsApp rapport = StreamsApp.headless(config, cluster.registry());
            return new Application() {
                @Override
                public void start() {
                    rapport.start();
                }

                @Override
                public KafkaStreams kafkaStreams() {
                    return rapport.kafkaStreams();
                }

                @Override
                public void close() {
                    rapport.close();
                }
            };
        });
    }

    /** The one-step count() over the same input. */
    static PipelineRun ceiling(BenchCluster cluster, String guarantee, String runName) {
        return new PipelineRun(cluster, guarantee, runName, StreamsCeiling::new);
    }

    String applicationId() {
        return applicationId;
    }

    String guarantee() {
        return guarantee;
    }

    /** Starts (or restarts) the application and waits until it has processed everything in its input. */
    void startAndCatchUp(Duration timeout) throws InterruptedException {
        app.start();
        // Committed offsets already at the end say "caught up" before the group has even assigned its tasks: wait
        // for RUNNING too, or what follows (latency probes) would time the start-up (measured: 3.6 s for the first
        // second's probes, all of the p99).
        awaitRunning(System.nanoTime() + timeout.toNanos(), timeout);
        awaitCaughtUp(timeout);
    }

    private void awaitRunning(long deadline, Duration timeout) throws InterruptedException {
        while (!isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(applicationId + " did not reach RUNNING within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** Starts the application and waits until it has processed the {@code records} already in the input topics. */
    Measured processAll(long records, Duration timeout) throws InterruptedException, ExecutionException {
        Map<String, Long> bytesBefore = TopicBytes.snapshot(cluster.admin());
        long brokerFailures = Transactions.brokerFailedAppends();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        app.start();
        awaitRunning(started + timeout.toNanos(), timeout);
        long runningAt = System.nanoTime();
        CatchUp catchUp = new CatchUp(cluster.admin(), cluster.config().string("bootstrap.servers"), applicationId);
        if (!catchUp.await(timeout, Duration.ofMillis(200))) {
            throw new IllegalStateException(applicationId + " did not process " + records + " records within " + timeout);
        }
        long done = System.nanoTime();
        long cpu = processCpuNanos() - cpuBefore;
        Transactions transactions = Transactions.of(app.kafkaStreams(), brokerFailures);
        double seconds = (done - runningAt) / 1e9;
        Map<String, Long> bytesAfter = TopicBytes.snapshot(cluster.admin());
        return new Measured(guarantee, records, seconds, records / seconds, cpu / 1e3 / records,
                (runningAt - started) / 1e9, TopicBytes.inputs(bytesAfter),
                TopicBytes.written(bytesBefore, bytesAfter, applicationId), RecordsSent.of(app.kafkaStreams(), applicationId),
                transactions);
    }

    private boolean isRunning() {
        KafkaStreams streams = app.kafkaStreams();
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Waits until everything written so far is processed (used between phases). */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        CatchUp catchUp = new CatchUp(cluster.admin(), cluster.config().string("bootstrap.servers"), applicationId);
        if (!catchUp.await(timeout, Duration.ofMillis(100))) {
            throw new IllegalStateException(applicationId + " did not catch up within " + timeout);
        }
    }

    /**
     * The state the application built, read from its stores on disk: call after {@link #close()}. The clients are
     * counted in Rapport's public client-status topic.
     */
    StateSize stateSize() throws ExecutionException, InterruptedException {
        String prefix = applicationId + "-";
        List<String> logged = cluster.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith(prefix) && t.endsWith("-changelog"))
                .map(t -> t.substring(prefix.length(), t.length() - "-changelog".length())).toList();
        long clients = RawKafka.distinctKeys(cluster.config().string("bootstrap.servers"), Topics.CLIENT_STATUS.name(),
                Duration.ofMinutes(10));
        StateSize onDisk = StateSize.measure(stateDir.resolve(applicationId), clients, logged);
        Map<String, long[]> inMemory = new java.util.TreeMap<>();
        for (String store : onDisk.notMeasured()) {
            inMemory.put(store, RawKafka.liveBytes(cluster.config().string("bootstrap.servers"),
                    prefix + store + "-changelog", Duration.ofMinutes(10)));
        }
        return onDisk.withInMemory(inMemory);
    }

    static long directoryBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    @Override
    public void close() {
        app.close();
    }
}
