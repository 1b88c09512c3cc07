package org.rapport.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.rapport.config.RapportConfig;

/**
 * A {@link SchemaRegistryClient} over HTTP, speaking the Confluent Schema Registry REST API with the
 * JDK's {@link HttpClient} and Jackson.
 *
 * <p>Why our own: Confluent's client ({@code io.confluent:kafka-schema-registry-client}) is not
 * published on Maven Central, and the few calls Rapport needs fit in one small class.
 *
 * <p>Behaviour worth knowing:
 * <ul>
 *   <li>{@code urls} may list several registries, comma-separated. A registry that cannot be reached
 *       (connection refused, connect or request timeout) is skipped and the next one tried; one that
 *       answers, even with an error, is believed. The last registry that answered is tried first.</li>
 *   <li>Ids and schemas never change once registered, so {@link #register}, {@link #idOf} and
 *       {@link #schemaById} are cached for the life of the client: share one client between serdes.
 *       {@link #latest} and {@link #checkCompatibility} always ask.</li>
 *   <li>A URL with user info ({@code https://key:secret@host}) sends HTTP basic authentication.</li>
 *   <li>Only self-contained Avro schemas are supported (no schema references, no Protobuf/JSON Schema).</li>
 * </ul>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of requests (and of Confluent's answers). */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final AtomicInteger preferred = new AtomicInteger();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** A client with the default timeouts. */
    public HttpSchemaRegistryClient(String urls) {
        this(urls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param urls           one or more base URLs, comma-separated, e.g. {@code http://127.0.0.1:8081}
     * @param connectTimeout how long to wait for a TCP connection to one registry before trying the next
     * @param requestTimeout how long to wait for one answer
     */
    public HttpSchemaRegistryClient(String urls, Duration connectTimeout, Duration requestTimeout) {
        this.baseUrls = parseUrls(urls);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * A client for {@code schema.registry.url}, with {@code schema.registry.connect.timeout} and
     * {@code schema.registry.request.timeout}.
     */
    public static HttpSchemaRegistryClient fromConfig(RapportConfig config) {
        return new HttpSchemaRegistryClient(config.string("schema.registry.url"),
                config.duration("schema.registry.connect.timeout"),
                config.duration("schema.registry.request.timeout"));
    }

    /** The registries this client talks to, in configured order. */
    public List<URI> urls() {
        return baseUrls;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
                .path("id").asInt();
        remember(key, id);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt();
        remember(key, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parseSchema(send("GET", "/schemas/ids/" + id, null), "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schemasById.get(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = parseSchema(answer, "the latest version of " + subject);
        int id = answer.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, id, answer.path("version").asInt(), schema);
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema));
        } catch (SchemaRegistryException e) {
            // Older registries answer 40401 instead of "compatible" for a subject without versions.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return new CompatibilityResult(true, List.of());
            }
            throw e;
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + baseUrls;
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    /** Sends one call, failing over between registries that cannot be reached. */
    private JsonNode send(String method, String path, String body) {
        List<String> failures = new ArrayList<>();
        IOException lastFailure = null;
        int first = preferred.get();
        for (int i = 0; i < baseUrls.size(); i++) {
            int index = (first + i) % baseUrls.size();
            URI base = baseUrls.get(index);
            HttpResponse<String> response;
            try {
                response = http.send(request(method, base, path, body), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                failures.add(displayUrl(base) + " (" + describe(e) + ")");
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE,
                        SchemaRegistryException.UNREACHABLE, "Interrupted while calling schema registry "
                        + displayUrl(base) + " (" + method + " " + path + ")", e);
            }
            preferred.set(index);
            return readAnswer(response, displayUrl(base), method + " " + path);
        }
        throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE,
                "Schema registry not reachable at " + String.join(", ", failures)
                        + "; is it running, and is schema.registry.url right?", lastFailure);
    }

    private HttpRequest request(String method, URI base, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (base.getRawUserInfo() != null) {
            String credentials = URLDecoder.decode(base.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static JsonNode readAnswer(HttpResponse<String> response, String registry, String call) {
        int status = response.statusCode();
        JsonNode json = parseJson(response.body());
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        int errorCode = json != null && json.has("error_code") ? json.get("error_code").asInt() : status;
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                : abbreviate(response.body());
        throw new SchemaRegistryException(status, errorCode, "Schema registry " + registry + " answered HTTP "
                + status + " (error_code " + errorCode + ": " + message + ") to " + call, null);
    }

    private static Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(200, 0, what + " is a " + type + " schema, not Avro", null);
        }
        try {
            // A fresh parser per schema: a shared one would reject the same named type twice.
            return new Schema.Parser().parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, 0, "The registry's text of " + what + " is not a valid Avro schema: "
                    + e.getMessage(), e);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<URI> parseUrls(String urls) {
        if (urls == null || urls.isBlank()) {
            throw new IllegalArgumentException("No schema registry URL given (schema.registry.url is empty)");
        }
        List<URI> parsed = Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(HttpSchemaRegistryClient::parseUrl).toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL in '" + urls + "'");
        }
        return parsed;
    }

    private static URI parseUrl(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a schema registry URL: '" + url + "'", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Not a schema registry URL (want http(s)://host:port): '" + url + "'");
        }
        return uri;
    }

    /** The URL without credentials, for messages. */
    private static String displayUrl(URI base) {
        return base.getRawUserInfo() == null ? base.toString() : base.toString().replace(base.getRawUserInfo() + "@", "");
    }

    /** Path segments: URLEncoder is for forms, so its '+' for space must become %20. */
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The JDK's connect failures often carry no message of their own; find the most telling one. */
    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return failure.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private record SubjectSchema(String subject, Schema schema) {
    }
}
