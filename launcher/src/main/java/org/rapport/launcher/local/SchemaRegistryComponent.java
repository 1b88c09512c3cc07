package org.rapport.launcher.local;

import java.util.List;
import java.util.Map;
import org.rapport.config.RapportConfig;
import org.rapport.platform.registry.EmbeddedSchemaRegistry;
import org.rapport.topics.Topics;

/** The embedded schema registry on {@code local.registry.port}, with every topic's value schema registered. */
public final class SchemaRegistryComponent implements Component {

    private static final String HOST = "127.0.0.1";
    private EmbeddedSchemaRegistry registry;
    private Map<String, Integer> ids = Map.of();

    @Override
    public String name() {
        return "schema registry";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        registry = EmbeddedSchemaRegistry.start(config.string("bootstrap.servers"), HOST,
                config.integer("local.registry.port"));
        ids = registry.registerAll(Topics.ALL);
        return config.with("schema.registry.url", registry.url());
    }

    /** Subject to schema id of every registered value schema. */
    public Map<String, Integer> schemaIds() {
        return ids;
    }

    @Override
    public List<String> describe() {
        return List.of(String.format("%-16s %s  (%d subjects, e.g. curl %s/subjects)", "Schema registry",
                registry.url(), ids.size(), registry.url()));
    }

    @Override
    public void stop() {
        registry.close();
    }
}
