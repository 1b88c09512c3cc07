package org.rapport.ingest.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What an import did.
 *
 * @param read       units read (CSV rows, JSON lines, bundle entries)
 * @param accepted   units whose events were all written
 * @param rejected   units refused (listed in the report)
 * @param skipped    units that carry no event (FHIR Patients, planned encounters …)
 * @param events     events written to Kafka (a FHIR unit may hold two; a tick counts once)
 * @param notes      data-quality notes of accepted units (listed in the report)
 * @param elapsed    how long the import took
 * @param reportFile the report of rejections and notes, or null when there was nothing to list
 */
public record ImportSummary(long read, long accepted, long rejected, long skipped, long events, long notes,
                            Duration elapsed, Path reportFile) {

    /** Every row accepted or skipped, and something written. */
    public static final int EXIT_OK = 0;
    /** Some rows rejected (listed in the report); the others were written. 0 with {@code --accept-partial}. */
    public static final int EXIT_PARTIAL = 3;
    /** No event was written: every row rejected, or nothing to import (empty file, only Patients). */
    public static final int EXIT_NOTHING_IMPORTED = 4;

    /** The exit status of {@code rapport import} (documented in producers/README.md). */
    public int exitCode(boolean acceptPartial) {
        if (events == 0) {
            return EXIT_NOTHING_IMPORTED;
        }
        return rejected > 0 && !acceptPartial ? EXIT_PARTIAL : EXIT_OK;
    }

    /** Events written per second of the whole import. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** One line for the terminal. */
    public String describe() {
        return "read " + read + ", accepted " + accepted + ", rejected " + rejected
                + (skipped > 0 ? ", skipped " + skipped + " (no event)" : "")
                + "; " + events + " events written in " + String.format(Locale.ROOT, "%.1f s (%.0f events/s)",
                        elapsed.toNanos() / 1e9, eventsPerSecond())
                + (notes > 0 ? "; " + notes + " data-quality note" + (notes == 1 ? "" : "s") : "")
                + (reportFile != null ? "; " + (rejected > 0 ? "rejections" : "notes") + " listed in " + reportFile : "");
    }
}
