package org.rapport.bench;

import java.util.List;

/**
 * Everything one benchmark run measured; written as {@code bench/results/<date>-<machine>.json}. Rates count
 * Kafka records (events plus the simulator's daily ticks, which are a small share).
 */
public record BenchResult(String label, String startedAt, Machine machine, String cluster, List<Scale> scales,
                          List<LatencyProbe.Result> latency, HttpIngest.Result http, double totalSeconds) {

    /** Where it ran. */
    public record Machine(String host, int cores, String os, String java, long maxHeapMb) {
    }

    /** One workload size: the raw-Kafka baseline, the pipeline under each guarantee, the state it built. */
    public record Scale(long targetEvents, long events, long records, int clients, double eventsPerClient,
                        double valueBytesPerEvent, Baseline baseline, TopologyOnly.Result topologyOnly,
                        List<Pipeline> pipelines,
                        PipelineRun.StateSize state) {
    }

    /**
     * Plain clients on the same records: produce rate, read-back rate, and both in sequence (each record written
     * once and read once — what the pipeline does with its input at the least).
     */
    public record Baseline(double produceRecordsPerSecond, double consumeRecordsPerSecond,
                           double produceAndConsumeRecordsPerSecond) {
    }

    /**
     * The full topology from RUNNING until everything is committed.
     *
     * @param ratioToBaseline  recordsPerSecond / the baseline's produce-and-consume rate
     * @param cpuMicrosPerRecord process CPU (broker included, as in the baseline) per input record
     * @param startSeconds     from start() to RUNNING, not counted in the rate
     * @param inputBytes       bytes of the input topics on the broker
     * @param bytesWritten     bytes the run added to its changelogs, repartition topics and the output topics
     */
    public record Pipeline(String guarantee, double seconds, double recordsPerSecond, double ratioToBaseline,
                           double cpuMicrosPerRecord, double startSeconds, long inputBytes,
                           java.util.Map<String, Long> bytesWritten) {
    }
}
