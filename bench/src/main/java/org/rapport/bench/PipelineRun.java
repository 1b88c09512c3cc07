package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.internal.ClientHistory;
import org.rapport.config.RapportConfig;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.serde.InternalAvroSerde;

/**
 * The whole Rapport topology, in this JVM, under one processing guarantee, over input topics already loaded:
 * measures how long it takes from RUNNING to having committed everything, the process CPU spent, and the
 * per-client state it built. Stays running afterwards (for the latency phase) until closed.
 */
final class PipelineRun implements AutoCloseable {

    /** What one run measured. */
    record Measured(String guarantee, long records, double seconds, double recordsPerSecond, double cpuMicrosPerRecord,
                    double startSeconds, long inputBytes, Map<String, Long> bytesWritten) {
    }

    /** The client-keyed state the run holds, per client. */
    record StateSize(long clients, double historyBytesPerClient, double statusBytesPerClient, long stateDirBytes) {
    }

    private final BenchCluster cluster;
    private final String guarantee;
    private final String applicationId;
    private final Path stateDir;
    private final StreamsApp app;

    PipelineRun(BenchCluster cluster, String guarantee, String runName) {
        this.cluster = cluster;
        this.guarantee = guarantee;
        this.applicationId = BenchCluster.APP_PREFIX + runName;
        this.stateDir = cluster.scratch().resolve("streams-" + runName);
        RapportConfig config = cluster.config().with(Map.of("streams.application.id", applicationId,
                "streams.processing.guarantee", guarantee, "streams.state.dir", stateDir.toString()));
        this.app = new StreamsApp(config, cluster.registry());
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
        awaitCaughtUp(timeout);
    }

    /** Starts the application and waits until it has processed the {@code records} already in the input topics. */
    Measured processAll(long records, Duration timeout) throws InterruptedException, ExecutionException {
        Map<String, Long> bytesBefore = TopicBytes.snapshot(cluster.admin());
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        app.start();
        // StreamsApp creates KafkaStreams in start(), too late for a state listener: poll the state instead.
        long deadline = started + timeout.toNanos();
        while (!app.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(applicationId + " did not reach RUNNING within " + timeout);
            }
            Thread.sleep(10);
        }
        long runningAt = System.nanoTime();
        CatchUp catchUp = new CatchUp(cluster.admin(), cluster.config().string("bootstrap.servers"), applicationId);
        if (!catchUp.await(timeout, Duration.ofMillis(200))) {
            throw new IllegalStateException(applicationId + " did not process " + records + " records within " + timeout);
        }
        long done = System.nanoTime();
        long cpu = processCpuNanos() - cpuBefore;
        double seconds = (done - runningAt) / 1e9;
        Map<String, Long> bytesAfter = TopicBytes.snapshot(cluster.admin());
        return new Measured(guarantee, records, seconds, records / seconds, cpu / 1e3 / records,
                (runningAt - started) / 1e9, TopicBytes.inputs(bytesAfter),
                TopicBytes.written(bytesBefore, bytesAfter, applicationId));
    }

    /** Waits until everything written so far is processed (used between phases). */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        CatchUp catchUp = new CatchUp(cluster.admin(), cluster.config().string("bootstrap.servers"), applicationId);
        if (!catchUp.await(timeout, Duration.ofMillis(100))) {
            throw new IllegalStateException(applicationId + " did not catch up within " + timeout);
        }
    }

    /** Reads the client stores through interactive queries and measures their serialised size. */
    StateSize stateSize() {
        KafkaStreams streams = app.kafkaStreams();
        long[] history = sizes(streams, ClientStores.HISTORY, InternalAvroSerde.of(ClientHistory.class));
        long[] status = sizes(streams, ClientStores.STATUS, InternalAvroSerde.of(ClientStatus.class));
        long clients = Math.max(1, history[0]);
        return new StateSize(history[0], (double) history[1] / clients, (double) status[1] / clients,
                directoryBytes(stateDir));
    }

    private static <V extends SpecificRecord> long[] sizes(KafkaStreams streams, String store,
                                                          InternalAvroSerde<V> serde) {
        ReadOnlyKeyValueStore<String, V> view = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
        long count = 0;
        long bytes = 0;
        try (KeyValueIterator<String, V> all = view.all()) {
            while (all.hasNext()) {
                var kv = all.next();
                count++;
                bytes += kv.key.length() + serde.toBytes(kv.value).length;
            }
        }
        return new long[] {count, bytes};
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
