package org.rapport.registry.client;

import org.apache.avro.Schema;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject, e.g. {@code rapport.sessions.v1-value}
 * @param id      the registry-wide schema id (what the wire format carries)
 * @param version the version of the schema within the subject (1, 2, ...)
 * @param schema  the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
