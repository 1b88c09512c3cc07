package org.rapport.launcher.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.file.ImportOptions;
import org.rapport.ingest.file.ImportSummary;
import org.rapport.ingest.file.Importer;
import org.rapport.launcher.RapportCli;
import org.rapport.programs.ProgramRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rapport import FILE…}: JSON lines, CSV and FHIR R4 straight into Kafka. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports event files into Kafka with the same validation and pseudonymisation as the gateway:",
            ".jsonl/.ndjson (events, FHIR resources or Bundles per line), .json (an event, an array or a FHIR Bundle)",
            "and .csv (a 'type' column, items ';'-separated). A FHIR bulk export's files go in one command, so that",
            "each resource finds its Patient. Rejected rows go to a report file and never stop the rest.",
            "Against rapport local it needs no token: the pseudonym secret and the program registry are read from",
            "the data directory.", "",
            "Exit status: 0 every row imported (or skipped: Patients …); 3 some rows rejected, the others written",
            "(0 with --accept-partial); 4 nothing written (every row rejected, an empty file); 1 error (no such",
            "file, Kafka unreachable); 2 wrong usage."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row imported or skipped", "3:some rows rejected (see the report), the rest written",
            "4:nothing written", "1:error", "2:usage"})
public final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ProducerOptions producer;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files;

    @Option(names = "--report", paramLabel = "FILE", description = "Where rejected rows are listed (default rapport-import-rejected.tsv).")
    Path report;

    @Option(names = "--clinic", paramLabel = "ID", description = {"Clinic of FHIR resources that name none; rows of "
            + "other clinics are then rejected, and every row's program must be this clinic's."})
    String clinic;

    @Option(names = "--program", paramLabel = "ID", description = "Program of FHIR resources that name none.")
    String program;

    @Option(names = "--accept-partial", description = "Exit 0 when some rows were rejected but others written.")
    boolean acceptPartial;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = producer.load(cli);
        if (!config.isSet(ProgramRegistry.FILE_KEY)) {
            throw new IllegalArgumentException("no program registry: set RAPPORT_PROGRAMS_FILE (or programs.file in "
                    + "--config), or run against rapport local's --data-dir, which keeps programs.yaml");
        }
        ImportOptions options = ImportOptions.defaults().withDefaults(clinic, program);
        options = System.console() != null ? options.withProgress(cli.out())
                : options.withProgressLines(cli.out(), config.duration("import.progress.interval"));
        if (report != null) {
            options = options.withReportFile(report);
        }
        ImportSummary summary = Importer.run(files, options, config);
        cli.out().println(summary.describe());
        return summary.exitCode(acceptPartial);
    }
}
