package org.rapport.launcher.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.file.ImportOptions;
import org.rapport.ingest.file.ImportSummary;
import org.rapport.ingest.file.Importer;
import org.rapport.launcher.RapportCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rapport import FILE…}: JSON lines, CSV and FHIR R4 straight into Kafka. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports event files into Kafka with the same validation and pseudonymisation as the gateway:",
            ".jsonl/.ndjson (events, FHIR resources or Bundles per line), .json (an event, an array or a FHIR Bundle)",
            "and .csv (a 'type' column, items ';'-separated). Rejected rows go to a report file and never stop the rest.",
            "Against rapport local it needs no token: the pseudonym secret is read from the data directory."})
public final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ProducerOptions producer;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files;

    @Option(names = "--report", paramLabel = "FILE", description = "Where rejected rows are listed (default rapport-import-rejected.tsv).")
    Path report;

    @Option(names = "--clinic", paramLabel = "ID", description = "Clinic of FHIR resources that name none.")
    String clinic;

    @Option(names = "--program", paramLabel = "ID", description = "Program of FHIR resources that name none.")
    String program;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = producer.load(cli);
        ImportOptions options = ImportOptions.defaults().withDefaults(clinic, program)
                .withProgress(System.console() != null ? cli.out() : null);
        if (report != null) {
            options = options.withReportFile(report);
        }
        ImportSummary summary = Importer.run(files, options, config);
        cli.out().println(summary.describe());
        return 0;
    }
}
