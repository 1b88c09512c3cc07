package org.rapport.launcher.serve;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.launcher.local.Component;
import org.rapport.launcher.local.LocalPlatform;
import org.rapport.launcher.local.LocalRun;
import org.rapport.launcher.local.Mounts;
import org.rapport.launcher.local.ProgramsComponent;
import org.rapport.launcher.local.SecretsComponent;
import org.rapport.launcher.local.Welcome;
import org.rapport.launcher.local.HttpComponent;
import org.rapport.launcher.local.StreamsComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code rapport serve}: one Rapport instance against any cluster — streams, gateway, query API, dashboard. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs one Rapport instance against any Kafka cluster and schema registry: the Streams",
            "application, and on one HTTP port the ingestion gateway, the query API, the dashboard, health and",
            "metrics, plus the clock ticker. Start several with the same streams.application.id to scale out.",
            "Needs pseudonym.secret (RAPPORT_PSEUDONYM_SECRET). Without tokens.file, demo tokens are created under",
            "data.dir and printed once; without programs.file, the demo's program registry is written there."})
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = cluster.load(cli.env(), Map.of());
        SecretsComponent secrets = new SecretsComponent(false);
        StreamsComponent streams = new StreamsComponent();
        HttpComponent http = new HttpComponent();
        Mounts.queryAndDashboard(http, streams);
        List<Component> components = List.of(secrets, new ProgramsComponent(), streams, http);
        LocalRun run = cli.newLocalRun();
        try (LocalPlatform instance = new LocalPlatform(config, components)) {
            instance.start();
            if (LocalRun.shutdownInProgress()) {
                return 0;
            }
            cli.out().println(instance.summary());
            cli.out().print(Welcome.tokens(secrets.newTokens(), components));
            cli.out().flush();
            run.awaitStop();
        } finally {
            run.stopped();
        }
        return 0;
    }
}
