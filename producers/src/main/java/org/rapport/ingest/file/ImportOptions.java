package org.rapport.ingest.file;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How {@link Importer} runs.
 *
 * @param reportFile       where rejected rows are listed (file, position, field, problem); written only
 *                         when something is rejected
 * @param batchSize        events per Kafka transaction
 * @param defaultClinicId  clinic of FHIR resources that name none (null = none)
 * @param defaultProgramId program of FHIR resources without the program-id extension (null = none)
 * @param progress         where to draw a progress bar (a terminal), or null for none
 */
public record ImportOptions(Path reportFile, int batchSize, String defaultClinicId, String defaultProgramId,
                            PrintStream progress) {

    public ImportOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    /** Report to {@code rapport-import-rejected.tsv} in the working directory, 1,000 events per transaction. */
    public static ImportOptions defaults() {
        return new ImportOptions(Path.of("rapport-import-rejected.tsv"), 1000, null, null, null);
    }

    public ImportOptions withReportFile(Path file) {
        return new ImportOptions(file, batchSize, defaultClinicId, defaultProgramId, progress);
    }

    public ImportOptions withDefaults(String clinicId, String programId) {
        return new ImportOptions(reportFile, batchSize, clinicId, programId, progress);
    }

    public ImportOptions withProgress(PrintStream out) {
        return new ImportOptions(reportFile, batchSize, defaultClinicId, defaultProgramId, out);
    }
}
