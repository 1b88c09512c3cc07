package org.rapport.ingest.file;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rapport.client.Converted;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.fhir.ExportIndex;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.validation.FieldError;

/**
 * {@code rapport import FILE…}: reads JSON lines, CSV and FHIR R4 files, validates and pseudonymises
 * every event exactly as the gateway does, and writes them in transactions of
 * {@link ImportOptions#batchSize()} events. A bad row is listed in the report file (position and reason,
 * never its content) and the import goes on. Ticks are allowed: this is the operator's own command line.
 * FHIR files are read twice: first every Patient and Encounter of every file is indexed, so that a bulk export's
 * resources find their Patient's record number in its Patient file, whatever the order of the files.
 */
public final class Importer {

    private final RapportClient client;
    private final FhirMapping fhirMapping;

    /** An importer with the shipped FHIR mapping. */
    public Importer(RapportClient client) {
        this(client, FhirMapping.defaults());
    }

    public Importer(RapportClient client, FhirMapping fhirMapping) {
        this.client = client;
        this.fhirMapping = fhirMapping;
    }

    /** Imports with a client of its own for the configured cluster, and the configured FHIR mapping. */
    public static ImportSummary run(List<Path> files, ImportOptions options, RapportConfig config) {
        FhirMapping mapping = FhirMapping.fromConfig(config);
        try (RapportClient client = RapportClient.create(config)) {
            return new Importer(client, mapping).run(files, options);
        }
    }

    public ImportSummary run(List<Path> files, ImportOptions options) {
        long start = System.nanoTime();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No such file: " + file);
            }
            String unsupported = FileFormats.unsupported(file.getFileName().toString());
            if (unsupported != null) {
                throw new IllegalArgumentException("Cannot import " + file + ": " + unsupported);
            }
        }
        try {
            Files.deleteIfExists(options.reportFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace the report file " + options.reportFile(), e);
        }
        FhirMapper mapper = new FhirMapper(new FhirMapper.Defaults(options.defaultClinicId(),
                options.defaultProgramId(), "--program"), fhirMapping, client.converter().programs());
        FileFormats formats = new FileFormats(mapper);
        ExportIndex export = index(files, formats, mapper);
        try (Run run = new Run(options, Progress.of(options, files))) {
            for (Path file : files) {
                run.progress.startFile(file);
                try (InputStream in = run.progress.counting(Files.newInputStream(file))) {
                    formats.read(file.getFileName().toString(), in, export, unit -> run.accept(file, unit));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + file, e);
                }
                run.flush();
            }
            run.progress.finish();
            return run.summary(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The first pass: every file's Patients and Encounters, so that resources find them across files. */
    private static ExportIndex index(List<Path> files, FileFormats formats, FhirMapper mapper) {
        ExportIndex export = mapper.newIndex();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                formats.index(file.getFileName().toString(), in, export);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return export;
    }

    /** The state of one import: the pending transaction, the counts, the report. */
    private final class Run implements AutoCloseable {
        final ImportOptions options;
        final Progress progress;
        final List<Outgoing> pending = new ArrayList<>();
        long read;
        long accepted;
        long rejected;
        long skipped;
        long events;
        long notes;
        BufferedWriter report;

        Run(ImportOptions options, Progress progress) {
            this.options = options;
            this.progress = progress;
        }

        void accept(Path file, SourceUnit unit) {
            read++;
            List<FieldError> problems = new ArrayList<>(unit.problems());
            List<Outgoing> ready = new ArrayList<>();
            for (var event : unit.events()) {
                otherClinic(event).ifPresent(problems::add);
                Converted c = client.converter().convert(event);
                if (c.isOk()) {
                    ready.add(c.outgoing());
                } else {
                    problems.addAll(c.errors());
                }
            }
            if (!problems.isEmpty()) {
                rejected++;
                problems.forEach(p -> report(file, unit.position(), p));
            } else if (ready.isEmpty()) {
                skipped++;
            } else {
                accepted++;
                notes += unit.notes().size();
                unit.notes().forEach(n -> report(file, unit.position(), new FieldError(n.field(),
                        "data-quality note (accepted): " + n.problem())));
                pending.addAll(ready);
                if (pending.size() >= options.batchSize()) {
                    flush();
                }
            }
            progress.unit();
        }

        /** With --clinic, the import is that clinic's, as a clinic token's post is: another clinic's row is refused. */
        private Optional<FieldError> otherClinic(IncomingEvent event) {
            String clinic = event.get("clinic_id");
            String importing = options.defaultClinicId();
            if (importing == null || clinic == null || importing.equals(clinic) || "tick".equals(event.type())) {
                return Optional.empty();
            }
            return Optional.of(new FieldError("clinic_id", "belongs to clinic " + clinic
                    + "; this import is clinic " + importing + "'s (--clinic)"));
        }

        void flush() {
            client.send(pending);
            events += pending.size();
            pending.clear();
            progress.written(events);
        }

        void report(Path file, String position, FieldError problem) {
            try {
                if (report == null) {
                    report = Files.newBufferedWriter(options.reportFile(), StandardCharsets.UTF_8);
                    report.write("file\tposition\tfield\tproblem\n");
                }
                report.write(String.join("\t", file.toString(), position, problem.field(),
                        problem.problem().replace('\t', ' ').replace('\n', ' ')) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the report " + options.reportFile(), e);
            }
        }

        ImportSummary summary(Duration elapsed) {
            return new ImportSummary(read, accepted, rejected, skipped, events, notes, elapsed,
                    report == null ? null : options.reportFile());
        }

        @Override
        public void close() {
            if (report != null) {
                try {
                    report.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
