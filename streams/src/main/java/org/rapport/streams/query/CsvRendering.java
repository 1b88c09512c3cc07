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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Rows as CSV (RFC 4180, a header line, Jackson CSV, quotes only where needed). Cells: empty for null (also a suppressed value; the
 * {@code suppressed_fields} column names them), lists as {@code a;b}, maps as {@code key=value;key=value}; text that a
 * spreadsheet would evaluate as a formula is prefixed with {@code '} ({@link #neutralised}).
 */
public final class CsvRendering {

    private static final CsvMapper CSV = new CsvMapper();
    private static final String FORMULA_START = "=+-@\uff1d\uff0b\uff0d\uff20";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

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
            return neutralised(map.entrySet().stream().map(e -> neutralised(e.getKey().toString()) + "="
                    + (e.getValue() == null ? "" : text(e.getValue()))).collect(Collectors.joining(";")));
        }
        if (value instanceof Collection<?> list) {
            return neutralised(list.stream().map(CsvRendering::text).collect(Collectors.joining(";")));
        }
        return text(value);
    }

    private static String text(Object value) {
        return value instanceof Number || value instanceof Boolean ? value.toString() : neutralised(String.valueOf(value));
    }

    /**
     * Text a spreadsheet would run as a formula, made inert (OWASP "CSV injection"): a value whose first visible
     * character is {@code = + - @} (or that starts with a tab or carriage return) gets a leading {@code '}, which
     * spreadsheets show as text and do not evaluate. A plain number ({@code -12}, {@code -0.5}, {@code 1e-3}) is left
     * alone: it is a value, not a formula. List items are neutralised one by one too, since a spreadsheet that splits
     * on {@code ;} would see each as a cell of its own.
     */
    static String neutralised(String text) {
        if (text.isEmpty() || PLAIN_NUMBER.matcher(text).matches()) {
            return text;
        }
        char first = text.charAt(0);
        String visible = text.stripLeading();
        char firstVisible = visible.isEmpty() ? first : visible.charAt(0);
        boolean formula = first == '\t' || first == '\r' || FORMULA_START.indexOf(firstVisible) >= 0;
        return formula ? "'" + text : text;
    }
}
