package org.rapport.registry.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for TopologyTestDriver tests and tools that run without any server — the
 * counterpart of Confluent's {@code mock://} client. Ids are assigned 1, 2, … in registration order and the
 * same schema text always gets the same id. No compatibility rules are enforced.
 *
 * <p>A serde configured with {@code schema.registry.url = mem://NAME} uses the instance {@link #named(String)}
 * NAME, so code that builds its serdes from configuration (e.g. Streams error handlers) shares a test's registry.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    /** The URL scheme that selects a named in-memory registry. */
    public static final String URL_SCHEME = "mem://";
    private static final Map<String, InMemorySchemaRegistryClient> NAMED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The shared instance called {@code name}, created on first use. */
    public static InMemorySchemaRegistryClient named(String name) {
        return NAMED.computeIfAbsent(name, n -> new InMemorySchemaRegistryClient());
    }

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> idByText = new HashMap<>();
    private final Map<String, List<Integer>> versions = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idByText.computeIfAbsent(schema.toString(), text -> {
            int next = byId.size() + 1;
            byId.put(next, schema);
            return next;
        });
        List<Integer> subjectVersions = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!subjectVersions.contains(id)) {
            subjectVersions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = idByText.get(schema.toString());
        if (id == null || !versions.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaRegistryException(404, 40403, "Schema not found under subject " + subject, null);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> ids = versions.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.", null);
        }
        int id = ids.get(ids.size() - 1);
        return new RegisteredSchema(subject, id, ids.size(), byId.get(id));
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        return new CompatibilityResult(true, List.of());
    }
}
