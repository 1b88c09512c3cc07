package org.rapport.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rapport.config.RapportConfig;
import picocli.CommandLine.Option;

/** Options every command shares: where the cluster and registry are, and an optional properties file. */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (env RAPPORT_BOOTSTRAP_SERVERS; default 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry URL (env RAPPORT_SCHEMA_REGISTRY_URL; default http://127.0.0.1:8081).")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with any configuration keys (env RAPPORT_CONFIG). Precedence: defaults "
                    + "< this file < RAPPORT_* environment variables < command-line flags.")
    Path configFile;

    /**
     * The layered configuration: defaults, file, environment, then these flags and {@code more}
     * (null values mean "not given").
     */
    public RapportConfig load(Map<String, String> env, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put("bootstrap.servers", bootstrapServers);
        overrides.put("schema.registry.url", schemaRegistryUrl);
        return RapportConfig.load(configFile, env, overrides);
    }
}
