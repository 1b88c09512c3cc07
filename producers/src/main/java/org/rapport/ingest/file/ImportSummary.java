package org.rapport.ingest.file;

import java.nio.file.Path;

/**
 * What an import did.
 *
 * @param read       units read (CSV rows, JSON lines, bundle entries)
 * @param accepted   units whose events were all written
 * @param rejected   units refused (listed in the report)
 * @param skipped    units that carry no event (FHIR Patients, planned encounters …)
 * @param events     events written to Kafka (a FHIR unit may hold two; a tick counts once)
 * @param reportFile the report of rejections, or null when nothing was rejected
 */
public record ImportSummary(long read, long accepted, long rejected, long skipped, long events, Path reportFile) {

    /** One line for the terminal. */
    public String describe() {
        return "read " + read + ", accepted " + accepted + ", rejected " + rejected
                + (skipped > 0 ? ", skipped " + skipped + " (no event)" : "")
                + "; " + events + " events written"
                + (reportFile != null ? "; rejections listed in " + reportFile : "");
    }
}
