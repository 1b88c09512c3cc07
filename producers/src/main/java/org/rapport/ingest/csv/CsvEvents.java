package org.rapport.ingest.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.rapport.client.IncomingEvent;
import org.rapport.ingest.file.SourceUnit;
import org.rapport.validation.FieldError;

/**
 * Reads events from CSV (SPEC §2): a header row naming the JSON fields ({@code type} among them), one
 * event per row, empty cells meaning "absent", {@code items} as {@code ;}-separated answers with an empty
 * answer for a missing item. Quoted cells (with commas, quotes or line breaks), a UTF-8 byte-order mark
 * and CRLF line ends are all fine.
 */
public final class CsvEvents {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private CsvEvents() {
    }

    /** Reads every row; a row that cannot be read becomes a unit with a problem. */
    public static void read(InputStream input, Consumer<SourceUnit> sink) throws IOException {
        Reader reader = new InputStreamReader(skipBom(input), StandardCharsets.UTF_8);
        try (MappingIterator<String[]> rows = CSV.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(reader)) {
            if (!rows.hasNextValue()) {
                return;
            }
            List<String> header = Arrays.stream(rows.nextValue()).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            if (!header.contains("type")) {
                sink.accept(SourceUnit.line(1, List.of(),
                        List.of(new FieldError("type", "the header row has no 'type' column"))));
                return;
            }
            long nextLine = rows.getCurrentLocation().getLineNr();
            while (rows.hasNextValue()) {
                long line = nextLine;
                String[] cells = rows.nextValue();
                nextLine = rows.getCurrentLocation().getLineNr();
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue; // blank line
                }
                sink.accept(row(line, header, cells));
            }
        }
    }

    private static SourceUnit row(long line, List<String> header, String[] cells) {
        if (cells.length > header.size()) {
            return SourceUnit.line(line, List.of(), List.of(new FieldError("", "the row has " + cells.length
                    + " cells but the header names " + header.size() + " columns")));
        }
        IncomingEvent.Builder b = new IncomingEvent.Builder();
        for (int i = 0; i < cells.length; i++) {
            String column = header.get(i);
            String cell = cells[i].strip();
            if (column.equals("items")) {
                b.items(cell.isEmpty() ? null : Arrays.asList(cell.split(";", -1)));
            } else if (!cell.isEmpty()) {
                b.set(column, cell);
            }
        }
        return SourceUnit.line(line, List.of(b.build()), List.of());
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(3);
        byte[] head = buffered.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            buffered.reset();
        }
        return buffered;
    }
}
