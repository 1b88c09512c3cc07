package org.rapport.platform.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state in memory, rebuilt from the {@code _schemas} log on start and updated by every
 * record appended after. Ids are global: the same schema text gets the same id under every subject.
 */
final class SchemaState {

    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD_TRANSITIVE;

    private final Map<String, TreeMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = DEFAULT_LEVEL;
    private int maxId;

    void apply(RegisteredSchema schema) {
        subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), schema);
        schemasById.put(schema.id(), schema.schema());
        idsBySchema.putIfAbsent(schema.schema(), schema.id());
        maxId = Math.max(maxId, schema.id());
    }

    void applyLevel(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            subjectLevels.put(subject, level);
        }
    }

    List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    boolean hasSubject(String subject) {
        return subjects.containsKey(subject);
    }

    /** Versions of a subject, oldest first; empty when the subject is unknown. */
    List<RegisteredSchema> versions(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null ? List.of() : new ArrayList<>(versions.values());
    }

    Optional<RegisteredSchema> version(String subject, int version) {
        return Optional.ofNullable(subjects.getOrDefault(subject, new TreeMap<>()).get(version));
    }

    Optional<RegisteredSchema> find(String subject, String canonicalSchema) {
        return versions(subject).stream().filter(v -> v.schema().equals(canonicalSchema)).findFirst();
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** The id this schema text has, or the next unused one: ids are never reused. */
    int idFor(String canonicalSchema) {
        return idsBySchema.getOrDefault(canonicalSchema, maxId + 1);
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
