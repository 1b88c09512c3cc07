package org.rapport.launcher.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport local}: the whole platform in one process, data kept between runs. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs Rapport locally in this process (broker, topics, schema registry).", "",
            "Starts an embedded Apache Kafka broker (KRaft, single node) on 127.0.0.1, creates every Rapport topic,",
            "and starts the embedded schema registry with every topic's value schema registered.",
            "HTTP listens on local.http.host (env RAPPORT_LOCAL_HTTP_HOST; default 127.0.0.1, loopback only).",
            "Data stays under --data-dir, so stopping (Ctrl-C) and starting again keeps topics, offsets and schema ids."})
public final class LocalCommand implements Callable<Integer> {

    static final String LOCAL_INSTANCE_ID = "rapport-local";

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker and the other components keep their data (env RAPPORT_DATA_DIR; default ./data).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Broker listener port on 127.0.0.1; 0 = any free port (env RAPPORT_LOCAL_KAFKA_PORT; default 9092).")
    Integer kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT",
            description = "Schema registry HTTP port; 0 = any free port (env RAPPORT_LOCAL_REGISTRY_PORT; default 8081).")
    Integer registryPort;

    @Option(names = "--no-demo", description = "Do not start the demo simulator.")
    boolean noDemo;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = localHttpHost(cluster.load(cli.env(), overrides()));
        if (!config.isSet("streams.group.instance.id")) {
            // One instance by definition: static membership lets a restart, even after a crash, rejoin at once.
            config = config.with("streams.group.instance.id", LOCAL_INSTANCE_ID);
        }
        LocalRun run = cli.newLocalRun();
        try (LocalPlatform platform = new LocalPlatform(config, components(!noDemo))) {
            platform.start();
            if (LocalRun.shutdownInProgress()) {
                return 0;
            }
            cli.out().println(platform.summary());
            platform.components().stream().filter(SecretsComponent.class::isInstance).map(SecretsComponent.class::cast)
                    .findFirst().ifPresent(secrets -> cli.out().print(Welcome.tokens(secrets.newTokens(),
                            platform.components())));
            cli.out().println("Press Ctrl-C to stop.");
            cli.out().flush();
            run.started(platform);
            run.awaitStop();
            cli.out().println("Stopping Rapport local platform...");
        } finally {
            run.stopped();
        }
        return 0;
    }

    /**
     * The components of the local platform, in start order. Streams, gateway, dashboard and (with
     * {@code demo}) the simulator join this list as they are built.
     */
    static List<Component> components(boolean demo) {
        List<Component> components = new ArrayList<>();
        components.add(new KafkaBrokerComponent());
        components.add(new TopicsComponent());
        components.add(new SchemaRegistryComponent());
        components.add(new SecretsComponent());
        components.add(new ProgramsComponent());
        StreamsComponent streams = new StreamsComponent();
        components.add(streams);
        HttpComponent http = new HttpComponent();
        Mounts.queryAndDashboard(http, streams);
        components.add(http);
        if (demo) {
            components.add(new SimulatorComponent(http::client));
        }
        return components;
    }

    /**
     * The local platform serves HTTP where its broker and registry listen, on loopback, unless local.http.host says
     * otherwise: its demo tokens are printed on the console and should not be usable from the network by default.
     */
    static RapportConfig localHttpHost(RapportConfig config) {
        return config.with("http.host", config.string("local.http.host"));
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data.dir", dataDir == null ? null : dataDir.toString());
        overrides.put("local.kafka.port", kafkaPort == null ? null : kafkaPort.toString());
        overrides.put("local.registry.port", registryPort == null ? null : registryPort.toString());
        return overrides;
    }
}
