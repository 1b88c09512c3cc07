package org.rapport.platform.registry;

import org.apache.avro.Schema;

/** One version of one subject: what {@code GET /subjects/{s}/versions/{v}} answers. */
public record RegisteredSchema(String subject, int version, int id, String schema) {

    Schema parsed() {
        return new Schema.Parser().parse(schema);
    }
}
