package org.rapport.launcher.streams;

import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.launcher.local.LocalRun;
import org.rapport.streams.StreamsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code rapport streams}: the indicator topology alone, against any cluster. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Runs the Rapport Kafka Streams application (the indicators) against any Kafka cluster.", "",
            "Reads the four input topics, writes the output topics of SPEC §5 with exactly-once v2, and keeps its",
            "state under streams.state.dir. Start more instances with the same streams.application.id to scale out.",
            "It serves no HTTP: use `rapport serve` for instances that answer the query API."})
public final class StreamsCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = cluster.load(cli.env(), Map.of());
        cli.out().println("Configuration:\n" + config.describe());
        LocalRun run = cli.newLocalRun();
        try (StreamsApp app = StreamsApp.headless(config)) {
            app.start();
            cli.out().println("Rapport streams running against " + config.string("bootstrap.servers")
                    + ". Press Ctrl-C to stop.");
            cli.out().flush();
            run.awaitStop();
        } finally {
            run.stopped();
        }
        return 0;
    }
}
