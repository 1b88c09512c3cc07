package org.rapport.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapport.validation.FieldError;

/**
 * An event as a sender describes it (SPEC §2), before validation and pseudonymisation: the JSON field
 * names, scalar values as text, survey items as text ({@code null} = missing), and any problem found
 * while reading it from JSON, CSV or FHIR. It still carries {@code client_ref}; only the
 * {@link EventConverter} turns it into something that may enter Kafka.
 *
 * @param fields   field name → value; absent fields are simply missing (never null values)
 * @param items    the survey items, or null when the event has none
 * @param problems problems met while reading the source (wrong JSON types, unreadable cells …)
 * @param sources  field (or {@code items[i]}) → where it came from in the source, for formats whose names differ
 *                 from Rapport's (FHIR); empty for JSON and CSV
 */
public record IncomingEvent(Map<String, String> fields, List<String> items, List<FieldError> problems,
                            Map<String, FieldSource> sources) {

    public IncomingEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        items = items == null ? null : Collections.unmodifiableList(new ArrayList<>(items));
        problems = List.copyOf(problems);
        sources = Map.copyOf(sources);
    }

    public IncomingEvent(Map<String, String> fields, List<String> items, List<FieldError> problems) {
        this(fields, items, problems, Map.of());
    }

    /**
     * The problem as the sender should read it: for a field with a known source, its element path and what to
     * add there ({@code items[2]} falls back to the source of {@code items}); otherwise unchanged.
     */
    public FieldError locate(FieldError error) {
        FieldSource source = sources.get(error.field());
        int bracket = error.field().indexOf('[');
        if (source == null && bracket > 0) {
            source = sources.get(error.field().substring(0, bracket));
        }
        if (source == null) {
            return error;
        }
        return new FieldError(source.element(), source.whatToAdd() == null ? error.problem()
                : error.problem() + "; " + source.whatToAdd());
    }

    /** The {@code type} field, or null. */
    public String type() {
        return fields.get("type");
    }

    public String get(String field) {
        return fields.get(field);
    }

    public static Builder builder(String type) {
        return new Builder().set("type", type);
    }

    /** Builds an event field by field, as the Java client's users and the simulator do. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private List<String> items;
        private final List<FieldError> problems = new ArrayList<>();
        private final Map<String, FieldSource> sources = new LinkedHashMap<>();

        /**
         * Sets a field; a null or blank value leaves it absent. Surrounding whitespace is stripped, but nothing else:
         * {@code trim()} would also drop control characters, silently accepting an id that ends in NUL.
         */
        public Builder set(String field, Object value) {
            if (value == null || value.toString().isBlank()) {
                fields.remove(field);
            } else {
                fields.put(field, value.toString().strip());
            }
            return this;
        }

        /** Survey items; null entries are missing answers. */
        public Builder items(List<?> values) {
            if (values == null) {
                items = null;
            } else {
                items = new ArrayList<>();
                values.forEach(v -> items.add(v == null ? null : v.toString().strip()));
            }
            return this;
        }

        public Builder problem(String field, String problem) {
            problems.add(new FieldError(field, problem));
            return this;
        }

        /** Records where {@code field} came from, for problems named in the source's terms. */
        public Builder source(String field, String element, String whatToAdd) {
            sources.put(field, new FieldSource(element, whatToAdd));
            return this;
        }

        public IncomingEvent build() {
            return new IncomingEvent(fields, items, problems, sources);
        }
    }
}
