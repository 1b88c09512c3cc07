package org.rapport.launcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.bench.Bench;
import org.rapport.bench.BenchOptions;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport bench}: SPEC §8's benchmark (see bench/README.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures Rapport: raw Kafka produce+consume of the workload's own records (the ceiling), "
            + "a one-step Kafka Streams count() over the same records (the Streams ceiling), "
            + "the whole pipeline with exactly-once v2 and with at-least-once, latency at half the exactly-once rate, "
            + "cost per event and state per client as the workload grows, and HTTP ingestion. Runs on a fresh "
            + "embedded broker and registry (under --data-dir, removed afterwards) unless --external; prints a table "
            + "and writes bench/results/<date>-<machine>.json."})
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--smoke", description = "A run of seconds that checks the harness (3,000 events).")
    boolean smoke;

    @Option(names = "--events", split = ",", paramLabel = "N[,N...]",
            description = "Workload sizes in events (default: 10000,100000).")
    List<Long> events;

    @Option(names = "--ten-million", description = "Also measure 10,000,000 events (long).")
    boolean tenMillion;

    @Option(names = "--at-least-once-up-to", paramLabel = "N",
            description = "Also run at-least-once at sizes up to N events (default: the smallest size).")
    Long atLeastOnceUpTo;

    @Option(names = "--latency", paramLabel = "SECONDS", description = "Seconds of latency probes (default 20; 0 skips).")
    Integer latencySeconds;

    @Option(names = "--topology-sample", paramLabel = "N", description = "Records of the smallest workload put through "
            + "TopologyTestDriver for the topology-alone line (default 20000; 0 skips it).")
    Integer topologySample;

    @Option(names = "--profile", description = "Record a JFR profile of each exactly-once pipeline phase into "
            + "<results>/profiles/ and print its top frames.")
    boolean profile;

    @Option(names = "--http-events", paramLabel = "N", description = "Events posted over HTTP (default 20000; 0 skips).")
    Integer httpEvents;

    @Option(names = "--external", description = "Use the cluster and registry of --bootstrap-servers and "
            + "--schema-registry-url (or RAPPORT_*) instead of a fresh embedded pair.")
    boolean external;

    @Option(names = "--reset-topics", description = "Allow deleting and recreating Rapport's topics on the external "
            + "cluster (the benchmark needs empty topics).")
    boolean resetTopics;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Scratch space for the embedded broker and Streams state (default ./data).")
    Path dataDir;

    @Option(names = "--results", paramLabel = "DIR", description = "Where the JSON goes (default bench/results).")
    Path results = Path.of("bench", "results");

    @Override
    public Integer call() throws Exception {
        Map<String, String> more = new java.util.HashMap<>();
        more.put("data.dir", dataDir == null ? null : dataDir.toString());
        RapportConfig config = cluster.load(cli.env(), more);
        Path scratch = config.path("data.dir").resolve("bench-scratch");
        BenchOptions options = smoke ? BenchOptions.smoke(config, results, scratch)
                : BenchOptions.defaults(config, results, scratch);
        if (events != null) {
            options = options.withScales(events);
        }
        if (tenMillion) {
            options = options.withTenMillion();
        }
        if (atLeastOnceUpTo != null || latencySeconds != null || httpEvents != null) {
            options = options.withPhases(atLeastOnceUpTo != null ? atLeastOnceUpTo : options.atLeastOnceUpTo(),
                    latencySeconds != null ? Duration.ofSeconds(latencySeconds) : options.latency(),
                    httpEvents != null ? httpEvents : options.httpEvents());
        }
        if (topologySample != null) {
            options = options.withTopologySample(topologySample);
        }
        if (profile) {
            options = options.withProfile();
        }
        if (external) {
            options = options.onExternalCluster(resetTopics);
        }
        Bench.run(options, cli.out());
        return 0;
    }
}
