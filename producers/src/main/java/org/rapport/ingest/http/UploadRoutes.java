package org.rapport.ingest.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.client.RapportClient;
import org.rapport.client.RejectedBatchException;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpError;
import org.rapport.http.HttpLimits;
import org.rapport.http.HttpServers;
import org.rapport.http.RequestBodies;
import org.rapport.ingest.file.FileCheck;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.validation.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/clinics/{clinicId}/uploads?filename=…[&program_id=…][&dry_run=true]}: a clinic sends a file (CSV,
 * JSON lines, a FHIR Bundle or bulk-export ndjson, as {@code rapport import} reads them) as the request body, and gets
 * a report row by row. The rows that pass are written in one Kafka transaction — all of them or, if Kafka fails,
 * none — and the others are listed (position, field, problem; never their content), so that the clinic fixes those
 * and sends them again (a resent event is a duplicate the pipeline ignores). {@code dry_run=true} checks without
 * writing. Every row must be the clinic's own, and a file may not carry ticks.
 */
public final class UploadRoutes {

    public static final String PATH = "/v1/clinics/{clinicId}/uploads";
    private static final Logger LOG = LoggerFactory.getLogger(UploadRoutes.class);

    private final RapportClient client;
    private final HttpAuth auth;
    private final RequestBodies bodies;
    private final int maxEvents;
    private final int maxProblems;
    private final FhirMapping fhirMapping;

    public UploadRoutes(RapportClient client, HttpAuth auth, RapportConfig config) {
        this.client = client;
        this.auth = auth;
        this.bodies = new RequestBodies(config.longValue("ingest.max.body.bytes"), "ingest.max.body.bytes",
                HttpLimits.fromConfig(config));
        this.maxEvents = config.integer("ingest.upload.max.events");
        this.maxProblems = config.integer("ingest.upload.report.problems");
        this.fhirMapping = FhirMapping.fromConfig(config);
    }

    public void addRoutes(Javalin app) {
        auth.install(app);
        HttpServers.installErrors(app);
        app.post(PATH, this::upload);
    }

    /** Authenticated first (401), then the path's and parameters' shapes (400), then the permission (403). */
    private void upload(Context ctx) {
        String clinicId = ctx.pathParam("clinicId");
        Principal who = auth.authenticate(ctx);
        Ids.clinicIdProblem(clinicId).ifPresent(problem -> {
            throw new HttpError(400, "the clinic id in the path " + problem);
        });
        String fileName = fileName(ctx.queryParam("filename"));
        String programId = ctx.queryParam("program_id");
        if (programId != null && !programId.isBlank()) {
            Ids.idProblem(programId.strip()).ifPresent(problem -> {
                throw new HttpError(400, "program_id " + problem);
            });
        }
        boolean dryRun = "true".equalsIgnoreCase(ctx.queryParam("dry_run"));
        if (!who.canWriteClinic(clinicId)) {
            throw auth.forbidden(ctx, who, "uploads of clinic " + clinicId + " are for that clinic or admin");
        }
        bodies.read(ctx, who.name(), bytes -> {
            if (FhirXml.looksLikeXml(bytes)) {
                throw FhirXml.notSupported();
            }
            FileCheck.Result result = FileCheck.check(fileName, bytes, clinicId,
                    programId == null || programId.isBlank() ? null : programId.strip(), client.converter(), fhirMapping);
            if (result.ready().size() > maxEvents) {
                throw new HttpError(413, "an upload holds at most " + maxEvents + " events (ingest.upload.max.events), "
                        + "this file " + result.ready().size() + "; split it");
            }
            if (result.read() == 0) {
                throw new HttpError(400, "the file holds no row");
            }
            boolean store = !dryRun && !result.ready().isEmpty();
            if (store) {
                write(who, result);
            }
            int status = dryRun ? 200 : store ? 202 : result.rejected() > 0 ? 422 : 200;
            ctx.status(status).json(report(fileName, dryRun, store, result));
        });
    }

    private void write(Principal who, FileCheck.Result result) {
        try {
            client.send(result.ready());
            LOG.info("upload from {}: {} events written", who.name(), result.ready().size());
        } catch (RejectedBatchException e) {
            // Valid yet not encodable: bad input, and nothing was written (one transaction).
            throw new HttpError(422, "the file's events passed validation but could not be encoded; nothing was stored");
        } catch (KafkaException e) {
            LOG.warn("could not write an upload of {} events from {}: {}", result.ready().size(), who.name(), e.toString());
            throw new HttpError(503, "the events could not be written to Kafka; nothing was stored, retry later");
        }
    }

    private Map<String, Object> report(String fileName, boolean dryRun, boolean stored, FileCheck.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", fileName);
        out.put("dry_run", dryRun);
        out.put("stored", stored);
        out.put("read", r.read());
        out.put("accepted", r.accepted());
        out.put("rejected", r.rejected());
        out.put("skipped", r.skipped());
        out.put("events", stored || dryRun ? r.ready().size() : 0);
        out.put("by_type", r.byType());
        List<FileCheck.Problem> shown = r.problems().subList(0, Math.min(maxProblems, r.problems().size()));
        out.put("problems", shown);
        out.put("problems_total", r.problems().size());
        out.put("notes", r.notes().subList(0, Math.min(maxProblems, r.notes().size())));
        return out;
    }

    /** The file's name: it says the format; only its last path segment is kept, and only a known extension passes. */
    private static String fileName(String value) {
        if (value == null || value.isBlank()) {
            throw new HttpError(400, "filename query parameter is required (it says the format: .csv, .jsonl, .ndjson or .json)");
        }
        String name = value.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
            throw FhirXml.notSupported();
        }
        if (name.length() > 255 || !FileCheck.supported(name)) {
            throw new HttpError(400, "filename must end in .csv, .jsonl, .ndjson or .json");
        }
        return name;
    }
}
