package org.rapport.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.kafka.streams.state.HostInfo;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.avro.Alert;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.Cohort;
import org.rapport.avro.CounselorAlliance;
import org.rapport.avro.ProgramWeekly;
import org.rapport.avro.TrainingEffect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API of SPEC §6 on any Javalin app: director endpoints under {@code /v1/programs} and
 * {@code /v1/counselors}, research endpoints under {@code /v1/research}, {@code /openapi.json}, and the internal
 * endpoint other instances call to run the local part of a query. JSON by default, CSV for
 * {@code Accept: text/csv} (or {@code ?format=csv}); {@code 503} with {@code Retry-After} when a complete answer
 * is not possible right now.
 */
public final class QueryRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRoutes.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final HttpAuth auth;
    private final QueryCatalog catalog;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Supplier<Optional<NotReadyException>> readiness;
    private final InternalCredential credential;

    public QueryRoutes(HttpAuth auth, QueryCatalog catalog, ObjectMapper json, MeterRegistry meters,
                       Supplier<Optional<NotReadyException>> readiness, InternalCredential credential) {
        this.auth = auth;
        this.catalog = catalog;
        this.json = json;
        this.meters = meters;
        this.readiness = readiness;
        this.credential = credential;
    }

    public void addRoutes(Javalin app) {
        auth.install(app);
        app.exception(NotReadyException.class, (e, ctx) -> {
            LOG.info("503 for {}: {}", ctx.path(), e.getMessage());
            unavailable(ctx, e);
        });
        app.get("/health/ready", ctx -> {
            Optional<NotReadyException> notReady = readiness.get();
            if (notReady.isPresent()) {
                unavailable(ctx, notReady.get());
            } else {
                ctx.contentType("application/json").result(write(Map.of("status", "UP", "streams", "RUNNING")));
            }
        });
        app.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        route(app, "/v1/programs", "programs", ctx -> answer(ctx, "programs", columns("program_id", "name", "clients",
                "open_episodes", "at_risk", "dropped_out"), catalog.programs(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/weekly", "weekly", ctx -> answer(ctx, "weekly",
                CsvRendering.columns(ProgramWeekly.getClassSchema()), catalog.weekly(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/cohorts", "cohorts", ctx -> answer(ctx, "cohorts",
                CsvRendering.columns(Cohort.getClassSchema()), catalog.cohorts(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/alerts", "alerts", ctx -> answer(ctx, "alerts",
                CsvRendering.columns(Alert.getClassSchema()), catalog.alerts(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/clients", "clients", ctx -> answer(ctx, "clients",
                CsvRendering.columns(ClientStatus.getClassSchema()), catalog.clients(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/alliance-outcomes", "program-alliance", ctx -> answer(ctx, "alliance-outcomes",
                CsvRendering.columns(AllianceOutcome.getClassSchema()), catalog.programAlliance(principal(ctx, false), ctx)));
        route(app, "/v1/programs/{id}/training-effects", "program-trainings", ctx -> answer(ctx, "training-effects",
                CsvRendering.columns(TrainingEffect.getClassSchema(), TrainingEffectRows.CAVEAT_FIELD),
                catalog.programTrainings(principal(ctx, false), ctx)));
        route(app, "/v1/counselors", "counselors", ctx -> answer(ctx, "counselors",
                CsvRendering.columns(CounselorAlliance.getClassSchema()), catalog.counselors(principal(ctx, false), ctx)));
        route(app, "/v1/clinics/{id}/received", "clinic-received", ctx -> answer(ctx, "received",
                ClinicQueries.RECEIVED_COLUMNS, catalog.clinicReceived(clinic(ctx), ctx)));
        route(app, "/v1/clinics/{id}/rejected", "clinic-rejected", ctx -> answer(ctx, "rejected",
                ClinicQueries.REJECTED_COLUMNS, catalog.clinicRejected(clinic(ctx), ctx)));
        route(app, "/v1/research/weekly", "research-weekly", ctx -> fromRelease(ctx, () -> answer(ctx,
                "research-weekly", research(ProgramWeekly.getClassSchema()),
                catalog.researchWeekly(principal(ctx, true), ctx))));
        route(app, "/v1/research/cohorts", "research-cohorts", ctx -> fromRelease(ctx, () -> answer(ctx,
                "research-cohorts", research(Cohort.getClassSchema()), catalog.researchCohorts(principal(ctx, true), ctx))));
        route(app, "/v1/research/alliance-outcomes", "research-alliance", ctx -> fromRelease(ctx, () -> answer(ctx,
                "research-alliance", research(AllianceOutcome.getClassSchema()),
                catalog.researchAlliance(principal(ctx, true), ctx))));
        route(app, "/v1/research/training-effects", "research-trainings", ctx -> fromRelease(ctx, () -> answer(ctx,
                "research-training-effects", research(TrainingEffect.getClassSchema(), TrainingEffectRows.CAVEAT_FIELD),
                catalog.researchTrainings(principal(ctx, true), ctx))));
        app.post("/v1/research/releases", ctx -> fromRelease(ctx, () -> ctx.contentType("application/json")
                .result(write(catalog.newRelease(principal(ctx, true), ctx)))));
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        app.get(Cluster.INTERNAL_PATH + "{name}", this::internal);
    }

    /**
     * A research answer comes from the release, which one instance holds: elsewhere the request goes on to it, once
     * the caller has shown a token that may ask.
     */
    private void fromRelease(Context ctx, Runnable answerHere) {
        principal(ctx, true);
        HostInfo holder = catalog.releaseHolder();
        if (holder.equals(catalog.self())) {
            answerHere.run();
            return;
        }
        if (credential.matches(ctx.header(InternalCredential.HEADER))) {
            // Sent on by an instance that took this one for the holder: the group changed in between.
            throw new NotReadyException(NotReadyException.Status.UNAVAILABLE, "the research release moved to "
                    + holder, null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(InternalCredential.HEADER, credential.value());
        for (String name : List.of("Authorization", "Accept")) {
            if (ctx.header(name) != null) {
                headers.put(name, ctx.header(name));
            }
        }
        String query = ctx.queryString();
        HttpResponse<String> answer = catalog.forward(holder, ctx.method().name(),
                ctx.path() + (query == null ? "" : "?" + query), headers);
        for (String name : List.of("Content-Type", "Content-Disposition", "Retry-After", QueryCatalog.RELEASE_HEADER,
                "Cache-Control")) {
            answer.headers().firstValue(name).ifPresent(v -> ctx.header(name, v));
        }
        ctx.status(answer.statusCode()).result(answer.body());
    }

    /** Another instance asks for the local part of a query, with the original caller's token. */
    private void internal(Context ctx) {
        String name = ctx.pathParam("name");
        if (name.startsWith("release-")) {
            if (!credential.matches(ctx.header(InternalCredential.HEADER))) {
                throw auth.forbidden(ctx, null, "internal query " + QueryParams.shown(name) + " is for instances only");
            }
            ctx.contentType("application/json").result(write(catalog.releasePart(name)));
            return;
        }
        Principal who = auth.authenticate(ctx);
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> params.put(k, v.get(0)));
        List<Map<String, Object>> rows = catalog.local(ctx, who, ctx.pathParam("name"), params);
        ctx.contentType("application/json").result(write(rows));
    }

    /** A clinic or admin token; which clinic it may read is checked with the query's parameters. */
    private Principal clinic(Context ctx) {
        return auth.require(ctx, p -> p.isClinic() || p.isAdmin(), "a clinic or admin token");
    }

    private Principal principal(Context ctx, boolean research) {
        return research ? auth.require(ctx, Principal::canReadResearch, "a researcher, director or admin token")
                : auth.require(ctx, Principal::canReadPrograms, "a director or admin token");
    }

    private void route(Javalin app, String path, String endpoint, Handler handler) {
        Timer timer = Timer.builder("rapport.query.latency").description("Time to answer a query API request")
                .tag("endpoint", endpoint).publishPercentileHistogram().register(meters);
        app.get(path, ctx -> {
            Timer.Sample sample = Timer.start(meters);
            try {
                handler.handle(ctx);
            } finally {
                sample.stop(timer);
            }
        });
    }

    private void answer(Context ctx, String endpoint, List<String> columns, List<Map<String, Object>> rows) {
        boolean csv = "csv".equalsIgnoreCase(ctx.queryParam("format"))
                || (ctx.header("Accept") != null && ctx.header("Accept").contains("text/csv"));
        if (csv) {
            ctx.header("Content-Disposition", "inline; filename=\"" + endpoint + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(CsvRendering.render(columns, rows));
        } else {
            ctx.contentType("application/json").result(write(rows));
        }
    }

    /**
     * The one shape of every 503 (queries and {@code /health/ready}): {@code Retry-After} and
     * {@code {"status": "STARTING"|"DOWN"|"UNAVAILABLE", "error": "not ready: …", "retry_after_seconds": 2}}.
     */
    private void unavailable(Context ctx, NotReadyException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status().name());
        body.put("error", "not ready: " + e.getMessage() + (e.status() == NotReadyException.Status.DOWN ? ""
                : "; retry shortly"));
        body.put("retry_after_seconds", Integer.parseInt(RETRY_AFTER_SECONDS));
        ctx.header("Retry-After", RETRY_AFTER_SECONDS).header("Cache-Control", "no-store");
        ctx.status(503).contentType("application/json").result(write(body));
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(write(Map.of("error", message)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> columns(String... names) {
        return List.of(names);
    }

    private static List<String> research(Schema schema, String... extra) {
        List<String> columns = new java.util.ArrayList<>(CsvRendering.columns(schema, extra));
        columns.addAll(List.of(Suppression.SUPPRESSED, Suppression.SUPPRESSED_FIELDS));
        return columns;
    }

    private static String openApi() throws IOException {
        try (InputStream in = QueryRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
