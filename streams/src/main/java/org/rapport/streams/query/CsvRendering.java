package org.rapport.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Rows as CSV (RFC 4180, a header line, Jackson CSV, quotes only where needed). Cells: empty for null (also a suppressed value; the
 * {@code suppressed_fields} column names them), lists as {@code a;b}, maps as {@code key=value;key=value}.
 */
public final class CsvRendering {

    private static final CsvMapper CSV = new CsvMapper();

    private CsvRendering() {
    }

    /** The columns of an output record type, plus any extra ones (e.g. the suppression markers). */
    public static List<String> columns(Schema schema, String... extra) {
        List<String> columns = schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toList());
        columns.addAll(List.of(extra));
        return columns;
    }

    /** CSV text of the rows; columns not listed but present in a row are appended in order of appearance. */
    public static String render(List<String> columns, List<Map<String, Object>> rows) {
        LinkedHashSet<String> all = new LinkedHashSet<>(columns);
        rows.forEach(r -> all.addAll(r.keySet()));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        all.forEach(schema::addColumn);
        List<Map<String, String>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            all.forEach(c -> line.put(c, cell(row.get(c))));
            cells.add(line);
        }
        try {
            return CSV.writer(schema.build()).with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()))
                    .collect(Collectors.joining(";"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        return value.toString();
    }
}
