package org.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;

/**
 * Issue 9, item 6: one clinic token trickling large bodies on many connections must not freeze the server. The
 * server here has only 8 request threads and 40 such connections are open at once: if reading a body held a
 * thread, {@code /health/live} could not be answered until they timed out.
 */
class SlowBodyTest {

    private static final int THREADS = 8;
    private static final int SLOW_CONNECTIONS = 40;
    private static final long MIN_RATE = 100;
    private static final HttpLimits LIMITS = new HttpLimits(Duration.ofSeconds(10), MIN_RATE, SLOW_CONNECTIONS, THREADS, 8192);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static Javalin app;
    private static Javalin capApp;

    @BeforeAll
    static void start() {
        TokenStore tokens = TokenStore.of(List.of(new TokenEntry("ehr-north", TokenStore.sha256Hex("tok-north"),
                "clinic:clinic-north")));
        HttpAuth auth = new HttpAuth(tokens, denied -> { }, Clock.systemUTC());
        RequestBodies bodies = new RequestBodies(2_000_000, "test.max.body", LIMITS);
        app = HttpServers.create(LIMITS);
        auth.install(app);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.post("/upload", ctx -> {
            Principal who = auth.require(ctx, Principal::canWriteEvents, "a clinic token");
            bodies.read(ctx, who.name(), body -> ctx.json(Map.of("bytes", body.length)));
        });
        app.start("127.0.0.1", 0);

        // No minimum rate here: these bodies stay open on purpose while the limit is tested.
        HttpLimits twoAtATime = new HttpLimits(Duration.ofSeconds(10), 0, 2, THREADS, 8192);
        RequestBodies capped = new RequestBodies(2_000_000, "test.max.body", twoAtATime);
        capApp = HttpServers.create(twoAtATime);
        auth.install(capApp);
        capApp.post("/upload-two", ctx -> {
            Principal who = auth.require(ctx, Principal::canWriteEvents, "a clinic token");
            capped.read(ctx, who.name(), body -> ctx.json(Map.of("bytes", body.length)));
        });
        capApp.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        capApp.stop();
    }

    @Test
    void healthAnswersWhileManyTricklingUploadsAreOpenAndEachIsCutWith408() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                slow.add(openUpload("/upload", "tok-north", 1_000_000));
            }
            Thread.sleep(300); // let the server dispatch every one of them

            HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/health/live"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

            Thread.sleep(700); // the next byte comes 0.7 s after the first: 2 bytes where 70 were due
            for (Socket socket : slow) {
                send(socket, "x");
            }
            for (Socket socket : slow) {
                String answer = answer(socket);
                assertThat(answer).startsWith("HTTP/1.1 408 ").endsWith("{\"error\":\"the request body arrived slower"
                        + " than 100 bytes per second (http.min.request.data.rate)\"}");
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aTokenMayHaveOnlySoManyBodiesInFlight() throws Exception {
        try (Socket first = openUpload(capApp, "/upload-two", "tok-north", 10);
             Socket second = openUploadAfterThePrevious(capApp, "/upload-two", "tok-north", 10);
             Socket third = openUploadAfterThePrevious(capApp, "/upload-two", "tok-north", 10)) {
            String refused = answer(third);
            assertThat(refused).startsWith("HTTP/1.1 429 ").contains("Retry-After: 1")
                    .endsWith("{\"error\":\"this token already has 2 request bodies in flight "
                            + "(http.max.uploads.per.token); wait for their answers\"}");
            send(first, "123456789");
            assertThat(answer(first)).startsWith("HTTP/1.1 200 ").endsWith("{\"bytes\":10}");
            send(second, "123456789");
            assertThat(answer(second)).startsWith("HTTP/1.1 200 ");
        }
        try (Socket again = openUpload(capApp, "/upload-two", "tok-north", 1)) {
            assertThat(answer(again)).as("the slots are free again").startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void withoutATokenNothingOfTheBodyIsAwaited() throws Exception {
        try (Socket anonymous = openUpload("/upload", null, 1_000_000)) {
            assertThat(answer(anonymous)).startsWith("HTTP/1.1 401 ");
        }
    }

    /**
     * Request line and headers, then the first byte of the body (Jetty dispatches a request once its body starts
     * to arrive, not before).
     */
    private static Socket openUpload(String path, String token, int contentLength) throws IOException {
        return openUpload(app, path, token, contentLength);
    }

    private static Socket openUpload(Javalin server, String path, String token, int contentLength) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        send(socket, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n[");
        return socket;
    }

    /** After giving the previous connection time to be counted: the server dispatches connections in parallel. */
    private static Socket openUploadAfterThePrevious(Javalin server, String path, String token, int contentLength)
            throws Exception {
        Thread.sleep(200);
        return openUpload(server, path, token, contentLength);
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The whole answer: headers and the body its Content-Length announces. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        int contentLength = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return text.toString();
            }
            text.append((char) b);
            if (text.length() >= 4 && text.substring(text.length() - 4).equals("\r\n\r\n")) {
                for (String line : text.toString().split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
                break;
            }
        }
        byte[] body = in.readNBytes(Math.max(contentLength, 0));
        return text + new String(body, StandardCharsets.UTF_8);
    }
}
