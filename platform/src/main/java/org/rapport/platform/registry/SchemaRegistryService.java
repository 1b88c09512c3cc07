package org.rapport.platform.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * What the embedded registry does, independent of HTTP: register, look up, list, check and configure.
 * Every write goes to the {@link SchemaLog} first and into the {@link SchemaState} only once acknowledged.
 */
final class SchemaRegistryService {

    private final SchemaLog log;
    private final SchemaState state = new SchemaState();

    SchemaRegistryService(SchemaLog log) {
        this.log = log;
        log.replayInto(state);
    }

    /** Registers {@code schemaText} under {@code subject}; the same schema again answers the same id. */
    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        var existing = state.find(subject, canonical);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        CompatibilityLevel level = state.effectiveLevel(subject);
        List<RegisteredSchema> versions = state.versions(subject);
        if (!level.allows(schema, versions.stream().map(RegisteredSchema::parsed).toList())) {
            throw RegistryException.incompatible(subject, level);
        }
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        RegisteredSchema registered = new RegisteredSchema(subject, version, state.idFor(canonical), canonical);
        log.appendSchema(registered);
        state.apply(registered);
        return registered.id();
    }

    synchronized RegisteredSchema lookup(String subject, String schemaText) {
        String canonical = parse(schemaText).toString();
        requireSubject(subject);
        return state.find(subject, canonical).orElseThrow(RegistryException::schemaNotFound);
    }

    synchronized List<String> subjects() {
        return state.subjects();
    }

    synchronized List<Integer> versions(String subject) {
        requireSubject(subject);
        return state.versions(subject).stream().map(RegisteredSchema::version).toList();
    }

    /** A version by number or {@code latest}. */
    synchronized RegisteredSchema version(String subject, String version) {
        boolean latest = "latest".equals(version) || "-1".equals(version);
        int number = latest ? -1 : parseVersion(version);
        requireSubject(subject);
        List<RegisteredSchema> versions = state.versions(subject);
        if (latest) {
            return versions.get(versions.size() - 1);
        }
        return state.version(subject, number).orElseThrow(() -> RegistryException.versionNotFound(version));
    }

    synchronized String schemaById(int id) {
        return state.schemaById(id).orElseThrow(RegistryException::schemaNotFound);
    }

    /** Whether {@code schemaText} could be registered after {@code version} (a number or {@code latest}). */
    synchronized boolean isCompatible(String subject, String version, String schemaText) {
        Schema candidate = parse(schemaText);
        RegisteredSchema against = version(subject, version);
        CompatibilityLevel level = state.effectiveLevel(subject);
        // Against one named version, transitivity has nothing more to check.
        return level.allows(candidate, List.of(against.parsed()));
    }

    /** Whether {@code schemaText} is compatible with every version the subject's level requires. */
    synchronized boolean isCompatibleWithAll(String subject, String schemaText) {
        Schema candidate = parse(schemaText);
        requireSubject(subject);
        return state.effectiveLevel(subject).allows(candidate,
                state.versions(subject).stream().map(RegisteredSchema::parsed).toList());
    }

    synchronized CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    synchronized CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        return state.subjectLevel(subject).or(() -> defaultToGlobal ? java.util.Optional.of(state.globalLevel())
                : java.util.Optional.empty()).orElseThrow(() -> RegistryException.subjectConfigNotFound(subject));
    }

    /** Sets the level of a subject, or the global level when {@code subject} is null. */
    synchronized void setLevel(String subject, CompatibilityLevel level) {
        log.appendLevel(subject, level);
        state.applyLevel(subject, level);
    }

    private void requireSubject(String subject) {
        if (!state.hasSubject(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
    }

    private static int parseVersion(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number < 1) {
                throw RegistryException.invalidVersion(version);
            }
            return number;
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(version);
        }
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("no schema given");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) { // SchemaParseException, AvroTypeException on a bad default...
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }
}
