package org.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 9, item 10 and the "no HTML error page, no stray 5xx" rule: what every Rapport server answers with. */
class HttpServersTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = HttpServers.create(new HttpLimits(Duration.ofSeconds(5), 1024, 4, 16, 4096));
        app.get("/ok", ctx -> ctx.result("fine"));
        app.get("/teapot", ctx -> {
            throw new HttpError(418, "no coffee");
        });
        app.get("/bug", ctx -> {
            throw new IllegalArgumentException("Invalid timestamp: -62135596800000 <html>");
        });
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/ok", "/teapot", "/bug", "/nowhere"}) {
            HttpResponse<String> r = get(path, "text/html");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                            + "frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
        }
    }

    @Test
    void errorsAreJsonEvenWhenTheCallerAsksForHtml() throws Exception {
        HttpResponse<String> teapot = get("/teapot", "text/html");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.body()).isEqualTo("{\"error\":\"no coffee\"}");

        HttpResponse<String> missing = get("/nowhere", "text/html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(missing.body()).isEqualTo("{\"error\":\"Endpoint GET /nowhere not found\"}");
    }

    @Test
    void anUnexpectedExceptionIsA500InJsonThatRevealsNothing() throws Exception {
        HttpResponse<String> bug = get("/bug", "text/html");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.body()).isEqualTo("{\"error\":\"internal error; nothing was stored by this request\"}");
    }

    @Test
    void requestsJettyCannotParseAreAnsweredInJsonWithTheHeadersToo() throws Exception {
        String tooLarge = raw("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 431 ").contains("Content-Security-Policy: default-src 'none'")
                .contains("X-Content-Type-Options: nosniff").endsWith("{\"error\":\"request header fields too large\"}")
                .doesNotContain("<");

        String badPath = raw("GET /ok/%2e%2e/%2e%2e/x%00y HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(badPath).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .contains("X-Frame-Options: DENY").doesNotContain("<");
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends bytes no well-behaved client would and returns the whole answer. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
