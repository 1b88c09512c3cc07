package org.rapport.registry.client;

import java.util.List;

/**
 * The registry's verdict on a candidate schema (Confluent {@code POST /compatibility/...?verbose=true}).
 *
 * @param compatible true when the subject's compatibility level accepts the schema
 * @param messages   the registry's explanation when it is not (may be empty; registries differ)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
