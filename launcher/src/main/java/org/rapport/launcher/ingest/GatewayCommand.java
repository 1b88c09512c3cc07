package org.rapport.launcher.ingest;

import java.util.Map;
import java.util.concurrent.Callable;
import org.rapport.auth.TokenStore;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.http.Gateway;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.launcher.local.LocalRun;
import org.rapport.programs.ProgramRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport gateway}: the HTTP ingestion gateway alone. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Runs the HTTP ingestion gateway alone (POST /v1/events, POST /v1/fhir, pseudonym lookup) and",
            "the clock ticker, against any cluster. Needs pseudonym.secret, a tokens file and a programs file."})
public final class GatewayCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--tokens", paramLabel = "FILE", description = "Tokens YAML {name, sha256, role} (env RAPPORT_TOKENS_FILE).")
    String tokens;

    @Option(names = "--programs", paramLabel = "FILE",
            description = "Program registry YAML {id, clinic, name, level_of_care} (env RAPPORT_PROGRAMS_FILE).")
    String programs;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (env RAPPORT_HTTP_PORT; default 8080).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = cluster.load(cli.env(), overrides());
        if (!config.isSet("tokens.file")) {
            throw new IllegalArgumentException("no tokens file: give --tokens FILE or RAPPORT_TOKENS_FILE");
        }
        if (!config.isSet(ProgramRegistry.FILE_KEY)) {
            throw new IllegalArgumentException("no program registry: give --programs FILE or RAPPORT_PROGRAMS_FILE "
                    + "(who owns each program_id; see README, Configuration)");
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
        o.put(ProgramRegistry.FILE_KEY, programs);
        o.put("http.port", port == null ? null : port.toString());
        return o;
    }
}
