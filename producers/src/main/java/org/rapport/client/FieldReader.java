package org.rapport.client;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.rapport.validation.FieldError;

/** Reads typed fields out of an {@link IncomingEvent}, collecting one error per bad field. */
final class FieldReader {

    private final IncomingEvent event;
    private final List<FieldError> errors = new ArrayList<>();

    FieldReader(IncomingEvent event) {
        this.event = event;
        errors.addAll(event.problems());
    }

    List<FieldError> errors() {
        return errors;
    }

    void error(String field, String problem) {
        errors.add(new FieldError(field, problem));
    }

    String text(String field) {
        String value = event.get(field);
        if (value == null) {
            error(field, "is required");
        }
        return value;
    }

    String optionalText(String field) {
        return event.get(field);
    }

    Instant instant(String field) {
        String value = text(field);
        return value == null ? null : parseInstant(field, value);
    }

    Instant optionalInstant(String field) {
        String value = event.get(field);
        return value == null ? null : parseInstant(field, value);
    }

    Integer integer(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            error(field, "must be a whole number, got '" + value + "'");
            return null;
        }
    }

    /**
     * A decimal number such as {@code 16.5}, read as the JSON or CSV text says it: no {@code NaN}, {@code Infinity},
     * hex or type suffixes, which {@link Double#parseDouble} would take. The validator judges the range.
     */
    Double number(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value).doubleValue();
        } catch (NumberFormatException e) {
            error(field, "must be a number such as 16.5, got '" + value + "'");
            return null;
        }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String value = text(field);
        return value == null ? null : parseEnum(field, value, type);
    }

    <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
        String value = event.get(field);
        return value == null ? null : parseEnum(field, value, type);
    }

    /** The survey items; null entries are missing answers. */
    List<Integer> items() {
        List<String> raw = event.items();
        if (raw == null) {
            error("items", "is required");
            return null;
        }
        List<Integer> items = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i);
            if (value == null || value.isBlank()) {
                items.add(null);
                continue;
            }
            try {
                items.add(Integer.valueOf(value.trim()));
            } catch (NumberFormatException e) {
                error("items[" + i + "]", "must be a whole number or null, got '" + value + "'");
                items.add(null);
            }
        }
        return items;
    }

    /** Parsing never overflows: what java.time cannot represent is a field error like any unreadable text. */
    private Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeException notUtc) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e) {
                error(field, "must be an ISO-8601 instant such as 2026-03-02T14:00:00Z, got '" + value + "'");
                return null;
            }
        }
    }

    private <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(field, "unknown value '" + value + "'; expected one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining("|")));
            return null;
        }
    }
}
