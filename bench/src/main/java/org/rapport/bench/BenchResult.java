package org.rapport.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured; written as {@code bench/results/<date>-<machine>.json}. Rates count
 * Kafka records (events plus the simulator's daily ticks, which are a small share).
 */
public record BenchResult(String label, String startedAt, Machine machine, String cluster, List<Scale> scales,
                          List<LatencyProbe.Result> latency, HttpIngest.Result http, double totalSeconds) {

    /** Where it ran. */
    public record Machine(String host, int cores, String os, String java, long maxHeapMb) {
    }

    /**
     * One workload size: the raw-Kafka baseline, the Streams ceiling, the pipeline under each guarantee, the state it
     * built.
     *
     * @param streamsCeiling     a one-step {@code count()} per key over the same input, exactly-once
     * @param state              the exactly-once pipeline's stores after the run (null if not measured)
     * @param stateBytesPerClient {@code state.liveBytes} / clients
     */
    public record Scale(long targetEvents, long events, long records, int clients, double eventsPerClient,
                        double valueBytesPerEvent, Baseline baseline, Pipeline streamsCeiling,
                        TopologyOnly.Result topologyOnly, List<Pipeline> pipelines, StateSize state,
                        double stateBytesPerClient) {
    }

    /**
     * Plain clients on the same records: produce rate, read-back rate, and both in sequence (each record written
     * once and read once — what the pipeline does with its input at the least).
     */
    public record Baseline(double produceRecordsPerSecond, double consumeRecordsPerSecond,
                           double produceAndConsumeRecordsPerSecond) {
    }

    /**
     * A Streams application from RUNNING until everything is committed.
     *
     * @param what                 "pipeline" (Rapport's topology) or "streams count()" (the ceiling)
     * @param ratioToBaseline      recordsPerSecond / the baseline's produce-and-consume rate
     * @param cpuMicrosPerRecord   process CPU (broker included, as in the baseline) per input record
     * @param startSeconds         from start() to RUNNING, not counted in the rate
     * @param inputBytes           bytes of the input topics on the broker
     * @param bytesWritten         bytes the run added to its changelogs, repartition topics and the output topics
     * @param changelogPerInputByte changelog bytes written per byte of input
     * @param recordsWrittenPerInput records the run's producers sent per input record, grouped as bytesWritten
     * @param transactions         commits, commit time, retried sends, appends the broker refused
     * @param profile              the JFR profile's top frames, when profiled
     * @param loadAverage          the machine's 1-minute load average as the run ended (other processes' work
     *                             shows here: on a shared machine it explains a slow run)
     */
    public record Pipeline(String what, String guarantee, double seconds, double recordsPerSecond,
                           double ratioToBaseline, double cpuMicrosPerRecord, double startSeconds, long inputBytes,
                           Map<String, Long> bytesWritten, double changelogPerInputByte,
                           Map<String, Double> recordsWrittenPerInput, Transactions transactions,
                           TopFrames.Summary profile, double loadAverage) {

        static Pipeline of(String what, PipelineRun.Measured m, double baselineRate, TopFrames.Summary profile) {
            long changelog = m.bytesWritten().getOrDefault("changelog", 0L);
            return new Pipeline(what, m.guarantee(), m.seconds(), m.recordsPerSecond(),
                    m.recordsPerSecond() / baselineRate, m.cpuMicrosPerRecord(), m.startSeconds(), m.inputBytes(),
                    m.bytesWritten(), changelog / (double) Math.max(1, m.inputBytes()),
                    RecordsSent.perInput(m.recordsWritten(), m.records()), m.transactions(), profile,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
