package org.rapport.platform.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapport.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the subset of the Confluent Schema Registry REST API that serdes and
 * operators use, with Confluent's status codes, {@code error_code}s and content type. Schemas are kept
 * in a compacted {@code _schemas} topic on the Kafka cluster it is given, so ids survive restarts.
 *
 * <p>Routes: {@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (look up),
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions[/{v}|/latest][/schema]},
 * {@code GET /schemas/ids/{id}}, {@code POST /compatibility/subjects/{s}/versions[/{v}|/latest]},
 * {@code GET|PUT /config[/{s}]}. Only Avro schemas without references are supported.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** Confluent's response content type. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final ObjectMapper json = org.rapport.json.StrictJson.mapper(); // one value, no key twice
    private final SchemaLog log;
    private final SchemaRegistryService service;
    private final Javalin app;
    private final String host;
    private boolean closed;

    private EmbeddedSchemaRegistry(SchemaLog log, String host) {
        this.log = log;
        this.host = host;
        this.service = new SchemaRegistryService(log);
        this.app = Javalin.create(config -> config.showJavalinBanner = false);
        routes();
    }

    /**
     * Starts a registry storing its schemas on the given cluster.
     *
     * @param host the address to listen on, e.g. 127.0.0.1
     * @param port the HTTP port; 0 picks a free one
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, String host, int port) {
        SchemaLog log = new SchemaLog(bootstrapServers);
        try {
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(log, host);
            registry.app.start(host, port);
            LOG.info("Schema registry listening on {}", registry.url());
            return registry;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public String url() {
        return "http://" + host + ":" + app.port();
    }

    public int port() {
        return app.port();
    }

    /** Registers the value schema of every topic under its subject; answers subject to id. */
    public Map<String, Integer> registerAll(Collection<? extends Topic<?>> topics) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topic<?> topic : topics) {
            ids.put(topic.valueSubject(), service.register(topic.valueSubject(), topic.valueSchema().toString()));
        }
        return ids;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        app.stop();
        log.close();
    }

    private void routes() {
        app.post("/subjects/{subject}/versions", ctx -> answer(ctx, Map.of("id",
                service.register(ctx.pathParam("subject"), schemaOf(ctx)))));
        app.post("/subjects/{subject}", ctx -> answer(ctx, full(service.lookup(ctx.pathParam("subject"), schemaOf(ctx)))));
        app.get("/subjects", ctx -> answer(ctx, service.subjects()));
        app.get("/subjects/{subject}/versions", ctx -> answer(ctx, service.versions(ctx.pathParam("subject"))));
        app.get("/subjects/{subject}/versions/{version}", ctx -> answer(ctx,
                full(service.version(ctx.pathParam("subject"), ctx.pathParam("version")))));
        app.get("/subjects/{subject}/versions/{version}/schema", ctx -> ctx.contentType(CONTENT_TYPE)
                .result(service.version(ctx.pathParam("subject"), ctx.pathParam("version")).schema()));
        app.get("/schemas/ids/{id}", ctx -> answer(ctx, Map.of("schema", service.schemaById(schemaId(ctx)))));
        app.get("/schemas/types", ctx -> answer(ctx, java.util.List.of("AVRO")));
        app.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> answer(ctx, Map.of("is_compatible",
                service.isCompatible(ctx.pathParam("subject"), ctx.pathParam("version"), schemaOf(ctx)))));
        app.post("/compatibility/subjects/{subject}/versions", ctx -> answer(ctx, Map.of("is_compatible",
                service.isCompatibleWithAll(ctx.pathParam("subject"), schemaOf(ctx)))));
        app.get("/config", ctx -> answer(ctx, Map.of("compatibilityLevel", service.globalLevel().name())));
        app.put("/config", ctx -> answer(ctx, setLevel(null, ctx)));
        app.get("/config/{subject}", ctx -> answer(ctx, Map.of("compatibilityLevel", service.subjectLevel(
                ctx.pathParam("subject"), Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"))).name())));
        app.put("/config/{subject}", ctx -> answer(ctx, setLevel(ctx.pathParam("subject"), ctx)));
        app.get("/", ctx -> answer(ctx, Map.of()));
        app.exception(RegistryException.class, (e, ctx) -> error(ctx, e.status(), e.errorCode(), e.getMessage()));
        app.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, 400,
                "Unparseable request body: " + e.getOriginalMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Registry request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, 50001, "Error in the registry: " + e.getMessage());
        });
    }

    private Map<String, String> setLevel(String subject, Context ctx) throws JsonProcessingException {
        JsonNode body = json.readTree(ctx.body());
        // Confluent's PUT takes "compatibility"; accept "compatibilityLevel" (what GET answers) too.
        JsonNode value = body.hasNonNull("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        CompatibilityLevel level = CompatibilityLevel.parse(value == null ? null : value.asText());
        service.setLevel(subject, level);
        return Map.of("compatibility", level.name());
    }

    private String schemaOf(Context ctx) throws JsonProcessingException {
        JsonNode body = json.readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw RegistryException.invalidSchema("the body must be a JSON object with a \"schema\" field");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryException.invalidSchema("only AVRO schemas are supported, not " + type);
        }
        if (body.hasNonNull("references") && !body.get("references").isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported");
        }
        return body.path("schema").asText(null);
    }

    private static int schemaId(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound();
        }
    }

    private static Map<String, Object> full(RegisteredSchema s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", s.subject());
        body.put("version", s.version());
        body.put("id", s.id());
        body.put("schema", s.schema());
        return body;
    }

    private void answer(Context ctx, Object body) throws JsonProcessingException {
        ctx.contentType(CONTENT_TYPE).result(json.writeValueAsString(body));
    }

    private void error(Context ctx, int status, int code, String message) {
        ObjectNode body = json.createObjectNode().put("error_code", code).put("message", message);
        ctx.status(status).contentType(CONTENT_TYPE).result(body.toString());
    }
}
