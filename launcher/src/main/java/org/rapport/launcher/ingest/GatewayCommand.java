package org.rapport.launcher.ingest;

import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.auth.TokenStore;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.http.Gateway;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.launcher.local.LocalRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport gateway}: the HTTP ingestion gateway alone. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Runs the HTTP ingestion gateway alone (POST /v1/events, POST /v1/fhir, pseudonym lookup) and",
            "the clock ticker, against any cluster. Needs pseudonym.secret and a tokens file."})
public final class GatewayCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--tokens", paramLabel = "FILE", description = "Tokens YAML {name, sha256, role} (env RAPPORT_TOKENS_FILE).")
    String tokens;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (env RAPPORT_HTTP_PORT; default 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = cluster.load(cli.env(), overrides());
        if (!config.isSet("tokens.file")) {
            throw new IllegalArgumentException("no tokens file: give --tokens FILE or RAPPORT_TOKENS_FILE");
        }
        if (!config.isSet("pseudonym.secret")) {
            throw new IllegalArgumentException("pseudonym.secret is not set (RAPPORT_PSEUDONYM_SECRET)");
        }
        LocalRun run = cli.newLocalRun();
        try (Gateway gateway = Gateway.start(config, TokenStore.load(config.path("tokens.file")))) {
            cli.out().println("Rapport gateway on port " + gateway.port() + " writing to "
                    + config.string("bootstrap.servers") + ". Press Ctrl-C to stop.");
            cli.out().flush();
            run.awaitStop();
        } finally {
            run.stopped();
        }
        return 0;
    }

    private Map<String, String> overrides() {
        Map<String, String> o = new java.util.HashMap<>();
        o.put("tokens.file", tokens);
        o.put("http.port", port == null ? null : port.toString());
        return o;
    }
}
