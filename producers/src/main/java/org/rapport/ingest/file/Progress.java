package org.rapport.ingest.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Import progress by bytes read: on a terminal a one-line bar redrawn at most every 200 ms; in a log (a cron job,
 * CI) one plain line per interval; silent without an output.
 */
final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final Duration lineInterval;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long doneBytes;
    private long units;
    private long events;
    private long lastDraw;
    private String file = "";

    private Progress(PrintStream out, Duration lineInterval, long totalBytes) {
        this.out = out;
        this.lineInterval = lineInterval;
        this.totalBytes = Math.max(1, totalBytes);
        this.lastDraw = startNanos;
    }

    static Progress of(ImportOptions options, List<Path> files) {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Progress(options.progress(), options.progressLines(), total);
    }

    void startFile(Path path) {
        file = path.getFileName().toString();
        if (lineInterval == null) {
            draw(true);
        }
    }

    void unit() {
        units++;
        draw(false);
    }

    void written(long total) {
        events = total;
    }

    void finish() {
        if (out != null && lineInterval == null) {
            draw(true);
            out.println();
        }
    }

    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                doneBytes += b >= 0 ? 1 : 0;
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                doneBytes += Math.max(n, 0);
                return n;
            }
        };
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        long every = lineInterval == null ? REDRAW_NANOS : lineInterval.toNanos();
        if (out == null || (!force && now - lastDraw < every)) {
            return;
        }
        lastDraw = now;
        int percent = (int) Math.min(100, doneBytes * 100 / totalBytes);
        if (lineInterval == null) {
            int filled = percent * WIDTH / 100;
            out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%  "
                    + units + " rows  " + file + "   ");
        } else {
            double seconds = (now - startNanos) / 1e9;
            out.println(String.format(Locale.ROOT, "import: %d%% of %d bytes, %d rows, %d events written "
                    + "(%.0f events/s), %s", percent, totalBytes, units, events, events / Math.max(seconds, 1e-9), file));
        }
        out.flush();
    }
}
