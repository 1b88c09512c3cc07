package org.rapport.registry.client;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that Rapport needs: register a schema, find
 * the id of a schema already registered, fetch a schema by id, the latest version of a subject, and a
 * compatibility check. Any registry speaking that API works: Confluent, Karapace, Redpanda,
 * Apicurio's ccompat endpoint, and Rapport's own embedded registry.
 *
 * <p>Implementations cache what never changes (an id's schema, a schema's id under a subject), so a
 * serde on its hot path asks the registry at most once per schema. All methods are thread-safe and
 * throw {@link SchemaRegistryException} when the registry refuses or cannot be reached.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (a no-op returning the existing id when it is
     * already registered there) and returns its id.
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} if it is registered under {@code subject}; never registers. Fails with
     * a not-found {@link SchemaRegistryException} (error code 40401 or 40403) otherwise.
     */
    int idOf(String subject, Schema schema);

    /** The schema with registry-wide id {@code id}; not found = error code 40403. */
    Schema schemaById(int id);

    /** The latest version registered under {@code subject}; not cached, since it changes. */
    RegisteredSchema latest(String subject);

    /**
     * Whether {@code schema} may be registered next under {@code subject}, by the subject's
     * compatibility level. A subject with no versions accepts any schema.
     */
    CompatibilityResult checkCompatibility(String subject, Schema schema);
}
