package org.rapport.validation;

import java.util.Objects;

/**
 * One problem with one field of an input event, as the HTTP API reports it and the dead-letter reason names it.
 *
 * @param field   the field name exactly as in the SPEC's JSON form ({@code occurred_at}, {@code items}); an item of
 *                the {@code items} array is {@code items[i]} with the 0-based JSON array index
 * @param problem a short human sentence that completes the field name, e.g. "must be a UUID"
 */
public record FieldError(String field, String problem) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** {@code field problem}, e.g. {@code event_id must be a UUID}: readable in a log line or a dead-letter reason. */
    @Override
    public String toString() {
        return field + " " + problem;
    }
}
