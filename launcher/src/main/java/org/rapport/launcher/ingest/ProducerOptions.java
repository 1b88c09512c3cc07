package org.rapport.launcher.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.ClusterOptions;
import org.rapport.launcher.RapportCli;
import org.rapport.launcher.local.ProgramsComponent;
import org.rapport.programs.ProgramRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the operator's own producing commands ({@code import}, {@code simulate}) share: the cluster options and,
 * against {@code rapport local}, the pseudonym secret and program registry the platform keeps under its data
 * directory.
 */
public final class ProducerOptions {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The local platform's data directory, for its pseudonym secret (default ./data).")
    Path dataDir;

    /** The configuration, with the local platform's secret and program registry when none is configured. */
    public RapportConfig load(RapportCli cli) throws IOException {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("data.dir", dataDir == null ? null : dataDir.toString());
        RapportConfig config = cluster.load(cli.env(), overrides);
        Path programs = ProgramsComponent.localFile(config);
        if (!config.isSet(ProgramRegistry.FILE_KEY) && Files.exists(programs)) {
            config = config.with(ProgramRegistry.FILE_KEY, programs.toString());
        }
        Path kept = config.path("data.dir").resolve("pseudonym.secret");
        if (!config.isSet("pseudonym.secret") && Files.exists(kept)) {
            return config.with("pseudonym.secret", Files.readString(kept).trim());
        }
        if (!config.isSet("pseudonym.secret")) {
            throw new IllegalArgumentException("pseudonym.secret is not set (RAPPORT_PSEUDONYM_SECRET), and there is no "
                    + kept + " from rapport local");
        }
        return config;
    }
}
