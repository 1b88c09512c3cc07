package org.rapport.streams.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Output records as the API's JSON rows: the Avro field names (SPEC §5's snake_case), instants as ISO-8601 UTC
 * strings, dates as {@code YYYY-MM-DD}, enums by name, maps sorted by key. Rows are plain maps so that they
 * travel between instances, render to CSV and compare equal whichever instance produced them.
 */
public final class Rows {

    private Rows() {
    }

    public static Map<String, Object> of(SpecificRecord record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            row.put(field.name(), plain(record.get(field.pos())));
        }
        return row;
    }

    static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(k.toString(), plain(v)));
            return sorted;
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof SpecificRecord nested) {
            return of(nested);
        }
        return value.toString();
    }

    /** A value of a row as text (null-safe), for filters and sort keys. */
    static String text(Map<String, Object> row, String field) {
        Object v = row.get(field);
        return v == null ? "" : v.toString();
    }
}
