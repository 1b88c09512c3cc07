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
import org.rapport.client.Rejection;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.ingest.fhir.MappedEvents;
import org.rapport.ingest.json.JsonEvents;
import org.rapport.programs.ProgramRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion endpoints of SPEC §6 and §7, mountable on any Javalin app: {@code POST /v1/events},
 * {@code POST /v1/fhir} and {@code GET /v1/clinics/{id}/pseudonym}. Each posted batch is checked whole
 * (401, 403, 400, 413, 422) and then written in one Kafka transaction, so it lands entirely or not at all.
 * Payloads are never logged.
 */
public final class IngestRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);
    private static final String WRITERS = "a clinic or admin token";

    private final RapportClient client;
    private final HttpAuth auth;
    private final BodyReader bodies;
    private final int maxBatch;
    private final FhirMapping fhirMapping;

    public IngestRoutes(RapportClient client, HttpAuth auth, RapportConfig config) {
        this.client = client;
        this.fhirMapping = FhirMapping.fromConfig(config);
        this.auth = auth;
        this.bodies = new BodyReader(config.longValue("ingest.max.body.bytes"));
        this.maxBatch = config.integer("ingest.max.batch");
    }

    public void addRoutes(Javalin app) {
        auth.install(app);
        app.exception(HttpProblem.class, (problem, ctx) ->
                ctx.status(problem.status()).json(Map.of("error", problem.getMessage())));
        app.post("/v1/events", this::postEvents);
        app.post("/v1/fhir", this::postFhir);
        app.get("/v1/clinics/{clinicId}/pseudonym", this::pseudonym);
    }

    private void postEvents(Context ctx) {
        Principal who = auth.require(ctx, Principal::canWriteEvents, WRITERS);
        JsonNode body = bodies.readJson(ctx);
        if (body.isArray()) {
            checkBatchSize(body.size());
        } else if (!body.isObject()) {
            throw new HttpProblem(400, "expected one event object or an array of them");
        }
        List<IncomingEvent> events = JsonEvents.fromBody(body);
        ingest(ctx, who, events, i -> i, List.of(), List.of());
    }

    private void postFhir(Context ctx) {
        Principal who = auth.require(ctx, Principal::canWriteEvents, WRITERS);
        String contentType = ctx.contentType();
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("xml")) {
            throw BodyReader.xmlNotSupported();
        }
        JsonNode body = bodies.readJson(ctx);
        if (!"Bundle".equals(body.path("resourceType").asText())) {
            throw new HttpProblem(400, "expected a FHIR R4 Bundle (resourceType \"Bundle\")");
        }
        checkBatchSize(body.path("entry").size());
        FhirMapper mapper = new FhirMapper(new FhirMapper.Defaults(who.clinicId().orElse(null),
                ctx.queryParam("program_id"), "program_id (query parameter)"), fhirMapping, client.converter().programs());
        MappedEvents mapped = mapper.mapBundle(body);
        ingest(ctx, who, mapped.events(), mapped.sourceIndexes()::get, mapped.rejections(), mapped.notes());
    }

    private void pseudonym(Context ctx) {
        String clinicId = ctx.pathParam("clinicId");
        Principal who = auth.authenticate(ctx);
        if (!who.canWriteClinic(clinicId)) {
            throw auth.forbidden(ctx, who, "pseudonyms of clinic " + clinicId + " are for that clinic or admin");
        }
        String clientRef = ctx.queryParam("client_ref");
        if (clientRef == null || clientRef.isBlank()) {
            throw new HttpProblem(400, "client_ref query parameter is required");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("clinic_id", clinicId, "client_id", client.clientId(clinicId, clientRef.trim())));
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
            throw new HttpProblem(400, "the request holds no event");
        }
        try {
            client.send(check.accepted());
        } catch (KafkaException e) {
            LOG.error("could not write a batch of {} events from {} (Kafka or the schema registry): {}",
                    events.size(), who.name(), e.toString());
            throw new HttpProblem(503, "the events could not be written to Kafka; nothing was stored, retry later");
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
                throw auth.forbidden(ctx, who, "event " + i + " belongs to clinic " + clinic
                        + "; this token writes for clinic " + who.clinicId().orElse("(none)") + " only");
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
                    throw auth.forbidden(ctx, who, "event " + i + ": program_id: " + refusal.problem()
                            + "; this token writes for clinic " + who.clinicId().get() + "'s programs only");
                });
    }

    private void checkBatchSize(int size) {
        if (size > maxBatch) {
            throw new HttpProblem(413, "a batch holds at most " + maxBatch + " events (ingest.max.batch), got " + size);
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
