package org.rapport.ingest.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line progress bar by bytes read, redrawn at most every 200 ms; silent without a terminal. */
final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final long totalBytes;
    private long doneBytes;
    private long units;
    private long lastDraw;
    private String file = "";

    private Progress(PrintStream out, long totalBytes) {
        this.out = out;
        this.totalBytes = Math.max(1, totalBytes);
    }

    static Progress of(PrintStream out, List<Path> files) {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Progress(out, total);
    }

    void startFile(Path path) {
        file = path.getFileName().toString();
        draw(true);
    }

    void unit() {
        units++;
        draw(false);
    }

    void finish() {
        draw(true);
        if (out != null) {
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
        if (out == null || (!force && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        int percent = (int) Math.min(100, doneBytes * 100 / totalBytes);
        int filled = percent * WIDTH / 100;
        out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%  "
                + units + " rows  " + file + "   ");
        out.flush();
    }
}
