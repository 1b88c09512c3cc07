package org.rapport.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rapport.config.RapportConfig;

/**
 * What to measure and where.
 *
 * @param scales          workload sizes in events, each measured from empty topics (baseline, then the pipeline)
 * @param atLeastOnceUpTo also run the pipeline with at-least-once at scales up to this many events
 * @param latency         how long to send at half the measured exactly-once rate while probing latency
 * @param httpEvents      events posted to the gateway (0 skips the HTTP phase)
 * @param httpBatch       events per HTTP request
 * @param topologySample  records of the smallest workload put through TopologyTestDriver (0 skips that line)
 * @param profile         record a JFR profile of every exactly-once pipeline phase and summarise its top frames
 * @param external        true: the cluster and registry of {@code config}; false: a fresh embedded pair
 * @param resetExternal   allows deleting and recreating Rapport's topics on an external cluster
 * @param resultsDir      where {@code <date>-<machine>.json} (and profiles) go; null writes no file
 * @param scratch         working directory (broker data, Streams state), deleted at the end
 * @param label           "default", "smoke" … recorded in the results
 */
public record BenchOptions(List<Long> scales, long atLeastOnceUpTo, Duration latency, int httpEvents, int httpBatch,
                           int topologySample, boolean profile, boolean external, boolean resetExternal,
                           RapportConfig config, Path resultsDir, Path scratch, String label) {

    public static final long TEN_MILLION = 10_000_000L;
    /**
     * TopologyTestDriver commits after every record and runs at a fraction of the pipeline's speed: a prefix of the
     * smallest workload shows the topology's own cost without making a large run much longer.
     */
    static final int TOPOLOGY_SAMPLE = 20_000;

    public BenchOptions {
        scales = List.copyOf(scales);
        if (scales.isEmpty() || scales.stream().anyMatch(s -> s < 100)) {
            throw new IllegalArgumentException("scales must be at least 100 events each");
        }
    }

    /**
     * The documented run, sized for minutes on a 2-core machine: 10⁴ and 10⁵ events, at-least-once at 10⁴, 20 s of
     * latency probes, 20,000 events over HTTP. {@code --events 100000,1000000} and {@code --ten-million} give the
     * scaling series.
     */
    public static BenchOptions defaults(RapportConfig config, Path resultsDir, Path scratch) {
        return new BenchOptions(List.of(10_000L, 100_000L), 10_000L, Duration.ofSeconds(20), 20_000, 1000,
                TOPOLOGY_SAMPLE, false, false, false, config, resultsDir, scratch, "default");
    }

    /** A run of seconds that checks the harness end to end (the test suite runs it). */
    public static BenchOptions smoke(RapportConfig config, Path resultsDir, Path scratch) {
        return new BenchOptions(List.of(3_000L), 3_000L, Duration.ofSeconds(3), 1_000, 250, 1_000, false, false, false,
                config, resultsDir, scratch, "smoke");
    }

    /** With other workload sizes; at-least-once then runs at the smallest. */
    public BenchOptions withScales(List<Long> sizes) {
        long alos = sizes.isEmpty() ? atLeastOnceUpTo : Collections.min(sizes);
        return new BenchOptions(sizes, alos, latency, httpEvents, httpBatch, topologySample, profile, external,
                resetExternal, config, resultsDir, scratch, label);
    }

    /** With at-least-once up to {@code alosUpTo} events, {@code latencyFor} of probes, {@code http} events posted. */
    public BenchOptions withPhases(long alosUpTo, Duration latencyFor, int http) {
        return new BenchOptions(scales, alosUpTo, latencyFor, http, httpBatch, topologySample, profile, external,
                resetExternal, config, resultsDir, scratch, label);
    }

    /** With {@code records} through TopologyTestDriver at the smallest size (0: none). */
    public BenchOptions withTopologySample(int records) {
        return new BenchOptions(scales, atLeastOnceUpTo, latency, httpEvents, httpBatch, records, profile, external,
                resetExternal, config, resultsDir, scratch, label);
    }

    /** With a JFR profile of each exactly-once pipeline phase. */
    public BenchOptions withProfile() {
        return new BenchOptions(scales, atLeastOnceUpTo, latency, httpEvents, httpBatch, topologySample, true, external,
                resetExternal, config, resultsDir, scratch, label);
    }

    /** Adds the 10⁷-event scale. */
    public BenchOptions withTenMillion() {
        List<Long> more = new ArrayList<>(scales);
        if (!more.contains(TEN_MILLION)) {
            more.add(TEN_MILLION);
        }
        return new BenchOptions(more, atLeastOnceUpTo, latency, httpEvents, httpBatch, topologySample, profile,
                external, resetExternal, config, resultsDir, scratch, label);
    }

    /** Against the cluster and registry of {@link #config()} instead of an embedded pair. */
    public BenchOptions onExternalCluster(boolean allowTopicReset) {
        return new BenchOptions(scales, atLeastOnceUpTo, latency, httpEvents, httpBatch, topologySample, profile, true,
                allowTopicReset, config, resultsDir, scratch, label);
    }
}
