package org.rapport.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.common.KafkaException;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.client.BatchCheck;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.client.RapportClient;
import org.rapport.client.RejectedBatchException;
import org.rapport.client.Rejection;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.ingest.fhir.MappedEvents;
import org.rapport.http.HttpError;
import org.rapport.http.HttpLimits;
import org.rapport.http.HttpServers;
import org.rapport.http.RequestBodies;
import org.rapport.ingest.json.JsonEvents;
import org.rapport.programs.ProgramRegistry;
import org.rapport.validation.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion endpoints of SPEC §6 and §7, mountable on any Javalin app (built by {@link HttpServers}):
 * {@code POST /v1/events}, {@code POST /v1/fhir} and {@code GET /v1/clinics/{id}/pseudonym}. The token is checked
 * before a byte of the body is read; the body is then read without holding a thread ({@link RequestBodies}) and
 * parsed strictly. Each posted batch is checked whole (401, 403, 400, 413, 422, 429) and then written in one Kafka
 * transaction, so it lands entirely or not at all. Payloads are never logged, not even in the audit log.
 */
public final class IngestRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);
    private static final String WRITERS = "a clinic or admin token";

    private final RapportClient client;
    private final HttpAuth auth;
    private final RequestBodies bodies;
    private final int maxBatch;
    private final FhirMapping fhirMapping;

    public IngestRoutes(RapportClient client, HttpAuth auth, RapportConfig config) {
        this.client = client;
        this.fhirMapping = FhirMapping.fromConfig(config);
        this.auth = auth;
        this.bodies = new RequestBodies(config.longValue("ingest.max.body.bytes"), "ingest.max.body.bytes",
                HttpLimits.fromConfig(config));
        this.maxBatch = config.integer("ingest.max.batch");
    }

    public void addRoutes(Javalin app) {
        auth.install(app);
        HttpServers.installErrors(app);
        app.post("/v1/events", this::postEvents);
        app.post("/v1/fhir", this::postFhir);
        app.get("/v1/clinics/{clinicId}/pseudonym", this::pseudonym);
    }

    private void postEvents(Context ctx) {
        Principal who = auth.require(ctx, Principal::canWriteEvents, WRITERS);
        bodies.read(ctx, who.name(), bytes -> {
            JsonNode body = RequestBodies.json(bytes);
            if (body.isArray()) {
                checkBatchSize(body.size());
            } else if (!body.isObject()) {
                throw new HttpError(400, "expected one event object or an array of them");
            }
            List<IncomingEvent> events = JsonEvents.fromBody(body);
            ingest(ctx, who, events, i -> i, List.of(), List.of());
        });
    }

    private void postFhir(Context ctx) {
        Principal who = auth.require(ctx, Principal::canWriteEvents, WRITERS);
        if (FhirXml.declared(ctx.contentType())) {
            throw FhirXml.notSupported();
        }
        String programId = ctx.queryParam("program_id");
        bodies.read(ctx, who.name(), bytes -> {
            if (FhirXml.looksLikeXml(bytes)) {
                throw FhirXml.notSupported();
            }
            JsonNode body = RequestBodies.json(bytes);
            if (!"Bundle".equals(body.path("resourceType").asText())) {
                throw new HttpError(400, "expected a FHIR R4 Bundle (resourceType \"Bundle\")");
            }
            checkBatchSize(body.path("entry").size());
            FhirMapper mapper = new FhirMapper(new FhirMapper.Defaults(who.clinicId().orElse(null), programId,
                    "program_id (query parameter)"), fhirMapping, client.converter().programs());
            MappedEvents mapped = mapper.mapBundle(body);
            ingest(ctx, who, mapped.events(), mapped.sourceIndexes()::get, mapped.rejections(), mapped.notes());
        });
    }

    /** Authenticated first (401 tells nothing), then the parameters' alphabets (400), then the permission (403). */
    private void pseudonym(Context ctx) {
        String clinicId = ctx.pathParam("clinicId");
        Principal who = auth.authenticate(ctx);
        Ids.clinicIdProblem(clinicId).ifPresent(problem -> {
            throw new HttpError(400, "the clinic id in the path " + problem);
        });
        if (!who.canWriteClinic(clinicId)) {
            throw auth.forbidden(ctx, who, "pseudonyms of clinic " + clinicId + " are for that clinic or admin");
        }
        String clientRef = ctx.queryParam("client_ref");
        if (clientRef == null || clientRef.isBlank()) {
            throw new HttpError(400, "client_ref query parameter is required");
        }
        Ids.clientRefProblem(clientRef.strip()).ifPresent(problem -> {
            throw new HttpError(400, "client_ref " + problem);
        });
        ctx.json(Map.of("clinic_id", clinicId, "client_id", client.clientId(clinicId, clientRef.strip())));
    }

    /**
     * @param sourceIndex      event position → the position the sender knows (array index, bundle entry)
     * @param sourceRejections problems found while reading the source (FHIR), with their own indexes
     * @param notes            data-quality notes of the source (FHIR), returned with a 202
     */
    private void ingest(Context ctx, Principal who, List<IncomingEvent> events, IntUnaryOperator sourceIndex,
                        List<Rejection> sourceRejections, List<Rejection> notes) {
        authorize(ctx, who, events, sourceIndex);
        BatchCheck check = client.check(events);
        List<Rejection> rejections = new ArrayList<>(sourceRejections);
        check.rejections().forEach(r -> rejections.add(
                new Rejection(sourceIndex.applyAsInt(r.index()), r.field(), r.problem())));
        rejections.sort(Comparator.comparingInt(Rejection::index));
        if (!rejections.isEmpty()) {
            ctx.status(422).json(Map.of("errors", rejections));
            return;
        }
        if (check.accepted().isEmpty()) {
            throw new HttpError(400, "the request holds no event");
        }
        try {
            client.send(check.accepted());
        } catch (RejectedBatchException e) {
            // An event that passed validation yet cannot be encoded: bad input all the same, never "retry later".
            LOG.warn("a batch of {} events from {} passed validation but could not be encoded", events.size(), who.name());
            ctx.status(422).json(Map.of("errors", e.rejections().stream().map(r ->
                    new Rejection(sourceIndex.applyAsInt(r.index()), r.field(), r.problem())).toList()));
            return;
        } catch (KafkaException e) {
            LOG.error("could not write a batch of {} events from {} (Kafka or the schema registry): {}",
                    events.size(), who.name(), e.toString());
            throw new HttpError(503, "the events could not be written to Kafka; nothing was stored, retry later");
        }
        LOG.debug("accepted {} events from {}", check.accepted().size(), who.name());
        Map<String, Object> answer = counts(check.accepted());
        if (!notes.isEmpty()) {
            answer.put("data_quality", notes);
        }
        ctx.status(202).json(answer);
    }

    /** 403 for the whole batch when any event is another clinic's, or a tick from a non-admin. */
    private void authorize(Context ctx, Principal who, List<IncomingEvent> events, IntUnaryOperator sourceIndex) {
        for (int n = 0; n < events.size(); n++) {
            IncomingEvent e = events.get(n);
            int i = sourceIndex.applyAsInt(n);
            if ("tick".equals(e.type()) && !who.canTick()) {
                throw auth.forbidden(ctx, who, "event " + i + " is a tick; ticks need an admin token");
            }
            String clinic = e.get("clinic_id");
            if (clinic != null && !who.canWriteClinic(clinic)) {
                // The answer may quote the caller's own clinic_id; the audit line must not (it is payload).
                String own = "; this token writes for clinic " + who.clinicId().orElse("(none)") + " only";
                throw auth.forbidden(ctx, who, "event " + i + " belongs to another clinic" + own,
                        "event " + i + " belongs to clinic " + clinic + own);
            }
            forbidForeignProgram(ctx, who, e, i);
        }
    }

    /** A clinic token may name only its own clinic's programs (an unknown program is a 422 of the converter). */
    private void forbidForeignProgram(Context ctx, Principal who, IncomingEvent e, int i) {
        if (who.clinicId().isEmpty()) {
            return;
        }
        client.converter().programs().refusal(who.clinicId().get(), e.get("program_id"))
                .filter(ProgramRegistry.Refusal::foreign)
                .ifPresent(refusal -> {
                    // The answer names the program the caller sent; the audit line must not (it is payload).
                    String own = "; this token writes for clinic " + who.clinicId().get() + "'s programs only";
                    throw auth.forbidden(ctx, who, "event " + i + ": program_id names another clinic's program" + own,
                            "event " + i + ": program_id: " + refusal.problem() + own);
                });
    }

    private void checkBatchSize(int size) {
        if (size > maxBatch) {
            throw new HttpError(413, "a batch holds at most " + maxBatch + " events (ingest.max.batch), got " + size);
        }
    }

    private static Map<String, Object> counts(List<Outgoing> accepted) {
        Map<String, Integer> byTopic = new LinkedHashMap<>();
        for (Outgoing o : accepted) {
            String kind = o instanceof Outgoing.Event e ? e.topic().name() : "ticks";
            byTopic.merge(kind, 1, Integer::sum);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", accepted.size());
        answer.put("by_topic", byTopic);
        return answer;
    }
}
