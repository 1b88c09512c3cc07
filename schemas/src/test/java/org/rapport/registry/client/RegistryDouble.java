package org.rapport.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A test double of a Confluent Schema Registry on the JDK's HTTP server: the REST subset our client
 * uses, with Confluent's JSON shapes, status codes and error codes, BACKWARD compatibility against the
 * latest version, and a log of every request (to prove the client's caching).
 */
public final class RegistryDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

    private final HttpServer server;
    private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private int nextId;

    /** A registry whose first new schema gets id {@code firstId}. */
    public RegistryDouble(int firstId) throws IOException {
        this.nextId = firstId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public RegistryDouble() throws IOException {
        this(1);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD path?query" of every request so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Content-Type headers of requests that had a body. */
    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    /** Authorization headers received (requests without one are not listed). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Registers directly (no HTTP), e.g. an older version written by some other producer. */
    public synchronized int registerDirectly(String subject, Schema schema) {
        return register(subject, schema);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query == null ? "" : "?" + query));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        Answer answer;
        synchronized (this) {
            answer = route(method, path, body);
        }
        byte[] bytes = answer.json().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Answer route(String method, String path, String body) {
        Matcher m;
        if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
            Schema schema = schemasById.get(Integer.parseInt(m.group(1)));
            return schema == null ? error(404, 40403, "Schema " + m.group(1) + " not found")
                    : ok(JSON.createObjectNode().put("schema", schema.toString()));
        }
        if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            List<Integer> versions = versionsBySubject.get(subject);
            return versions == null ? subjectNotFound(subject) : ok(describe(subject, versions.size()));
        }
        if (method.equals("POST") && (m = COMPATIBILITY.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            return withSchema(body, schema -> compatibility(subject, schema));
        }
        if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            return withSchema(body, schema -> registerChecked(subject, schema));
        }
        if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            return withSchema(body, schema -> lookup(subject, schema));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private Answer registerChecked(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (!versions.isEmpty() && !versions.contains(idOf(schema)) && !compatibleWithLatest(subject, schema)) {
            return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\"");
        }
        return ok(JSON.createObjectNode().put("id", register(subject, schema)));
    }

    private Answer lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            return subjectNotFound(subject);
        }
        int index = versions.indexOf(idOf(schema));
        return index < 0 ? error(404, 40403, "Schema not found") : ok(describe(subject, index + 1));
    }

    private Answer compatibility(String subject, Schema schema) {
        if (!versionsBySubject.containsKey(subject)) {
            return subjectNotFound(subject);
        }
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", compatibleWithLatest(subject, schema));
        if (!answer.get("is_compatible").asBoolean()) {
            answer.putArray("messages").add("READER_FIELD_MISSING_DEFAULT_VALUE or another incompatibility");
        }
        return ok(answer);
    }

    private boolean compatibleWithLatest(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        Schema latest = schemasById.get(versions.get(versions.size() - 1));
        return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private int register(String subject, Schema schema) {
        Integer id = idOf(schema);
        if (id == null) {
            id = nextId++;
            schemasById.put(id, schema);
        }
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private Integer idOf(Schema schema) {
        return schemasById.entrySet().stream().filter(e -> e.getValue().equals(schema)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private ObjectNode describe(String subject, int version) {
        int id = versionsBySubject.get(subject).get(version - 1);
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", schemasById.get(id).toString());
    }

    private Answer withSchema(String body, java.util.function.Function<Schema, Answer> then) {
        Schema schema;
        try {
            JsonNode request = JSON.readTree(body);
            schema = new Schema.Parser().parse(request.path("schema").asText());
        } catch (IOException | SchemaParseException e) {
            return error(422, 42201, "Invalid schema");
        }
        return then.apply(schema);
    }

    private static Answer subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Answer ok(JsonNode json) {
        return new Answer(200, json);
    }

    private static Answer error(int status, int code, String message) {
        return new Answer(status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private record Answer(int status, JsonNode json) {
    }
}
