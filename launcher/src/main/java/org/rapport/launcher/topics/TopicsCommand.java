package org.rapport.launcher.topics;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.platform.topics.TopicProvisioner;
import org.rapport.platform.topics.TopicProvisioner.TopicState;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport topics}: create or describe Rapport's topics on any cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates or describes Rapport's topics on any cluster.", "",
            "Works against the cluster given by --bootstrap-servers (or RAPPORT_BOOTSTRAP_SERVERS).",
            "--create makes the missing ones (topics.partitions partitions, topics.replication.factor replicas,",
            "compacted where they hold latest state per key, records kept forever) and waits until every",
            "partition has a leader.",
            "Exits with 2 when a topic is missing after the command."})
public final class TopicsCommand implements Callable<Integer> {

    private static final String ROW = "%-30s %-11s %10s %8s  %-8s %-9s %s%n";

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @ArgGroup(exclusive = true)
    Action action = new Action();

    static final class Action {
        @Option(names = "--create", description = "Create every missing topic, then describe them.")
        boolean create;

        @Option(names = "--describe", description = "Describe every topic (the default).")
        boolean describe;
    }

    @Override
    public Integer call() {
        RapportConfig config = cluster.load(cli.env(), Map.of());
        PrintStream out = cli.out();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.string("bootstrap.servers"), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            if (action.create) {
                List<String> created = provisioner.createAll(config, false);
                out.println("Created " + created.size() + " topic(s) on " + config.string("bootstrap.servers"));
            }
            Map<String, Optional<TopicState>> states = provisioner.describe();
            out.printf(ROW, "TOPIC", "ROLE", "PARTITIONS", "REPLICAS", "CLEANUP", "RETENTION", "KEY");
            for (Topic<?> topic : Topics.ALL) {
                Optional<TopicState> state = states.get(topic.name());
                out.printf(ROW, topic.name(), topic.role(),
                        state.map(s -> String.valueOf(s.partitions())).orElse("MISSING"),
                        state.map(s -> String.valueOf(s.replicationFactor())).orElse("-"),
                        state.map(TopicState::cleanupPolicy).orElse("-"), state.map(TopicsCommand::retention).orElse("-"),
                        topic.keyMeaning());
            }
            out.flush();
            return states.values().stream().allMatch(Optional::isPresent) ? 0 : 2;
        }
    }

    private static String retention(TopicState state) {
        return state.retentionMs() < 0 ? "forever" : java.time.Duration.ofMillis(state.retentionMs()).toString();
    }
}
