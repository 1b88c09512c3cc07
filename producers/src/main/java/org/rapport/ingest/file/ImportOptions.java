package org.rapport.ingest.file;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link Importer} runs.
 *
 * @param reportFile       where rejected rows (and data-quality notes) are listed: file, position, field,
 *                         problem; written only when there is something to list
 * @param batchSize        events per Kafka transaction
 * @param defaultClinicId  clinic of FHIR resources that name none, and then the only clinic whose rows are
 *                         accepted, as with a clinic token (null = any clinic)
 * @param defaultProgramId program of FHIR resources without the program-id extension (null = none)
 * @param progress         where to report progress, or null for nowhere
 * @param progressLines    null: a bar redrawn in place (a terminal); else one line per this interval (a log)
 */
public record ImportOptions(Path reportFile, int batchSize, String defaultClinicId, String defaultProgramId,
                            PrintStream progress, Duration progressLines) {

    public ImportOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        if (progressLines != null && (progressLines.isNegative() || progressLines.isZero())) {
            throw new IllegalArgumentException("progress lines need a positive interval, got " + progressLines);
        }
    }

    /** Report to {@code rapport-import-rejected.tsv} in the working directory, 1,000 events per transaction. */
    public static ImportOptions defaults() {
        return new ImportOptions(Path.of("rapport-import-rejected.tsv"), 1000, null, null, null, null);
    }

    public ImportOptions withReportFile(Path file) {
        return new ImportOptions(file, batchSize, defaultClinicId, defaultProgramId, progress, progressLines);
    }

    public ImportOptions withDefaults(String clinicId, String programId) {
        return new ImportOptions(reportFile, batchSize, clinicId, programId, progress, progressLines);
    }

    /** A progress bar on a terminal. */
    public ImportOptions withProgress(PrintStream out) {
        return new ImportOptions(reportFile, batchSize, defaultClinicId, defaultProgramId, out, null);
    }

    /** A progress line every {@code interval}, for logs (cron, CI) where a redrawn bar would be noise. */
    public ImportOptions withProgressLines(PrintStream out, Duration interval) {
        return new ImportOptions(reportFile, batchSize, defaultClinicId, defaultProgramId, out, interval);
    }
}
