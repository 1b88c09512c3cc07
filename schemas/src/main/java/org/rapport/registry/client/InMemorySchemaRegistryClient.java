package org.rapport.registry.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A {@link SchemaRegistryClient} that is its own registry, in memory: for TopologyTestDriver tests and
 * other places that need the serde without an HTTP registry (the role of Confluent's
 * {@code MockSchemaRegistryClient}, which is not on Maven Central). Ids are registry-wide and start at 1;
 * the same schema gets the same id under every subject. Registration enforces
 * {@code BACKWARD_TRANSITIVE} like Rapport's subjects, failing with HTTP 409; misses fail like Confluent
 * (404 with error code 40401 or 40403). Thread-safe.
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

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer id = idsBySchema.get(schema);
        if (id != null && versions.contains(id)) {
            return id;
        }
        CompatibilityResult verdict = checkAgainst(versions, schema);
        if (!verdict.compatible()) {
            throw new SchemaRegistryException(409, 409, "Schema being registered is incompatible with an earlier "
                    + "schema for subject \"" + subject + "\": " + verdict.messages(), null);
        }
        if (id == null) {
            id = schemasById.size() + 1;
            schemasById.put(id, schema);
            idsBySchema.put(schema, id);
        }
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema not found under subject " + subject, null);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id));
    }

    @Override
    public synchronized CompatibilityResult checkCompatibility(String subject, Schema schema) {
        return checkAgainst(versionsBySubject.getOrDefault(subject, List.of()), schema);
    }

    /** The candidate must read data of every earlier version (transitive). */
    private CompatibilityResult checkAgainst(List<Integer> versions, Schema candidate) {
        List<String> messages = new ArrayList<>();
        for (int id : versions) {
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, schemasById.get(id)).getResult()
                    .getIncompatibilities().forEach(i -> messages.add(i.getType() + " at " + i.getLocation()
                            + " (against schema id " + id + "): " + i.getMessage()));
        }
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.", null);
        }
        return versions;
    }
}
