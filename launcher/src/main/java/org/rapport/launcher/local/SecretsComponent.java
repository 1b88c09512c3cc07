package org.rapport.launcher.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rapport.auth.DemoTokens;
import org.rapport.config.RapportConfig;
import org.rapport.simulator.Simulator;

/**
 * The local platform's secrets (SPEC §2, §6): the pseudonym secret, generated once and kept under the data
 * directory when none is configured, and the demo tokens file — one token per role, printed once, stored
 * only as SHA-256 hashes.
 */
public final class SecretsComponent implements Component {

    private static final String SECRET_FILE = "pseudonym.secret";
    private static final String TOKENS_FILE = "tokens.yaml";

    private final List<String> lines = new ArrayList<>();
    private final boolean generateSecret;
    private Map<String, String> newTokens = Map.of();

    /** {@code rapport local}: a missing pseudonym secret is generated and kept under the data directory. */
    public SecretsComponent() {
        this(true);
    }

    /**
     * @param generateSecret false for deployments ({@code rapport serve}): every gateway and importer must share
     *                       one secret, so a missing one is an error rather than a fresh per-instance secret
     */
    public SecretsComponent(boolean generateSecret) {
        this.generateSecret = generateSecret;
    }

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public RapportConfig start(RapportConfig config) throws IOException {
        Path dataDir = config.path("data.dir");
        Files.createDirectories(dataDir);
        Map<String, String> additions = new HashMap<>();
        if (!config.isSet("pseudonym.secret")) {
            if (!generateSecret) {
                requireSecret(config);
            }
            additions.put("pseudonym.secret", secret(dataDir.resolve(SECRET_FILE)));
            lines.add("Pseudonyms   secret kept in " + dataDir.resolve(SECRET_FILE));
        } else {
            lines.add("Pseudonyms   secret from the configuration");
        }
        Path tokens = config.isSet("tokens.file") ? config.path("tokens.file") : dataDir.resolve(TOKENS_FILE);
        if (!config.isSet("tokens.file")) {
            Map.Entry<String, List<String>> firstClinic = Simulator.clinicsAndPrograms().entrySet().iterator().next();
            TreeSet<String> allPrograms = new TreeSet<>();
            Simulator.clinicsAndPrograms().values().forEach(allPrograms::addAll);
            newTokens = DemoTokens.createIfMissing(tokens, firstClinic.getKey(), allPrograms);
            additions.put("tokens.file", tokens.toString());
        }
        lines.add("Tokens       " + tokens + (newTokens.isEmpty()
                ? " (tokens were printed when the file was created; delete it for new ones)" : " (new)"));
        return config.with(additions);
    }

    /** The tokens created by this start (role → token), to print once; empty when the file existed. */
    public Map<String, String> newTokens() {
        return newTokens;
    }

    @Override
    public List<String> describe() {
        return lines;
    }

    @Override
    public void stop() {
    }

    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String secret = DemoTokens.newToken();
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
        return secret;
    }

    public static void requireSecret(RapportConfig config) {
        if (!config.isSet("pseudonym.secret")) {
            throw new UncheckedIOException(new IOException("pseudonym.secret is not set: set RAPPORT_PSEUDONYM_SECRET "
                    + "(a long random string, the same for every gateway and importer of the deployment)"));
        }
    }
}
