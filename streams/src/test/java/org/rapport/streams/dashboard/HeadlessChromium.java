package org.rapport.streams.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own client):
 * navigate, evaluate JavaScript, take a screenshot. Started with the flags that work on machines without
 * network access, and a fresh profile.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The Chromium binary: {@code RAPPORT_CHROMIUM}, else {@code /usr/bin/chromium}. */
    static Path binary() {
        String configured = System.getenv("RAPPORT_CHROMIUM");
        return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    }

    static HeadlessChromium start(Path profileDir) throws IOException, InterruptedException {
        Path binary = binary();
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Chromium not found at " + binary + ": run scripts/install-chromium.sh "
                    + "(Debian package 'chromium') or set RAPPORT_CHROMIUM");
        }
        Files.createDirectories(profileDir);
        Process process = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,2400",
                "--user-data-dir=" + profileDir.toAbsolutePath(), "--remote-debugging-port=0", "about:blank"))
                .redirectErrorStream(true).redirectOutput(profileDir.resolve("chromium.log").toFile()).start();
        try {
            int port = debuggingPort(profileDir.resolve("DevToolsActivePort"), process);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = pageWebSocket(http, port);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        self[0].received(message.toString());
                        message.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, socket);
            self[0].command("Runtime.enable", Map.of());
            self[0].command("Log.enable", Map.of());
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not start: " + e, e);
        }
    }

    void navigate(String url) {
        command("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    JsonNode evaluate(String expression) {
        JsonNode result = command("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Evaluates {@code expression} until {@code done} accepts its value, for at most {@code timeout}. */
    JsonNode waitFor(String expression, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode value = evaluate(expression);
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting on " + expression + "; last value "
                        + value);
            }
            Thread.sleep(250);
            value = evaluate(expression);
        }
        return value;
    }

    /** Clicks the first element matching a CSS selector. */
    void click(String selector) {
        evaluate("(() => { const e = document.querySelector(" + JSON.valueToTree(selector) + "); "
                + "if (!e) throw new Error('nothing matches ' + " + JSON.valueToTree(selector) + "); e.click(); return true; })()");
    }

    /** Puts a file into an {@code <input type=file>}, as a person choosing it would. */
    void chooseFile(String selector, Path file) {
        int root = command("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
        int node = command("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
        command("DOM.setFileInputFiles", Map.of("nodeId", node, "files", List.of(file.toAbsolutePath().toString())));
    }

    /** Lets the page download files (e.g. a CSV made from a blob) into {@code dir}. */
    void allowDownloads(Path dir) throws IOException {
        Files.createDirectories(dir);
        command("Page.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString()));
    }

    /**
     * Uncaught JavaScript exceptions and console errors of the pages so far (Content-Security-Policy refusals
     * included), as text.
     */
    List<String> problems() {
        return List.copyOf(problems);
    }

    void screenshot(Path file) throws IOException {
        JsonNode shot = command("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode command(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode response = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " did not answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            String method = message.path("method").asText();
            if (method.equals("Runtime.exceptionThrown")) {
                problems.add("exception: " + message.path("params").path("exceptionDetails"));
            } else if (method.equals("Log.entryAdded") && message.path("params").path("entry").path("level").asText()
                    .equals("error")) {
                problems.add("console: " + message.path("params").path("entry").path("text").asText());
            } else if (method.equals("Runtime.consoleAPICalled") && message.path("params").path("type").asText()
                    .equals("error")) {
                problems.add("console.error: " + message.path("params").path("args"));
            }
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int debuggingPort(Path activePort, Process process) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (Files.exists(activePort)) {
                List<String> lines = Files.readAllLines(activePort);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no DevTools port (Chromium " + (process.isAlive() ? "running" : "exited") + ")");
    }

    private static String pageWebSocket(HttpClient http, int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Chromium has no page target");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is killed next anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
