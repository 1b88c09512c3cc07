package org.rapport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpAuthTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    private static final List<DeniedRequest> DENIED = new CopyOnWriteArrayList<>();
    private static Javalin app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        TokenStore store = TokenStore.of(List.of(
                new TokenEntry("clinic-a-ehr", TokenStore.sha256Hex("tok-clinic"), "clinic:clinic-a"),
                new TokenEntry("director-1", TokenStore.sha256Hex("tok-director"), "director:p1"),
                new TokenEntry("analyst", TokenStore.sha256Hex("tok-research"), "researcher")));
        HttpAuth auth = new HttpAuth(store, DENIED::add, Clock.fixed(NOW, ZoneOffset.UTC));
        app = Javalin.create();
        auth.install(app);
        app.before("/research/*", auth.requiring(Principal::canReadResearch, "a researcher, director or admin token"));
        app.get("/research/weekly", ctx -> ctx.result("ok"));
        app.get("/programs/{id}", ctx -> {
            Principal p = auth.require(ctx, Principal::canReadPrograms, "a director or admin token");
            if (!p.canReadProgram(ctx.pathParam("id"))) {
                throw auth.forbidden(ctx, p, "program " + ctx.pathParam("id") + " is not yours");
            }
            ctx.result("program for " + p.name());
        });
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @BeforeEach
    void clear() {
        DENIED.clear();
    }

    @Test
    void allowsAKnownTokenWithTheRightRole() throws Exception {
        HttpResponse<String> r = get("/programs/p1?client_ref=R-1", "Bearer tok-director");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("program for director-1");
        assertThat(get("/research/weekly", "bearer tok-research").statusCode()).isEqualTo(200);
        assertThat(DENIED).isEmpty();
    }

    @Test
    void answers401WithoutOrWithAnUnknownTokenAndLogsIt() throws Exception {
        HttpResponse<String> none = get("/research/weekly", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"rapport\"");
        assertThat(none.body()).isEqualTo("{\"error\":\"unauthorized: no bearer token\"}");
        assertThat(get("/research/weekly", "Basic dXNlcjpwdw==").statusCode()).isEqualTo(401);
        assertThat(get("/research/weekly", "Bearer nope").statusCode()).isEqualTo(401);

        assertThat(DENIED).extracting(DeniedRequest::reason)
                .containsExactly("no bearer token", "Authorization is not a bearer token", "unknown token");
        assertThat(DENIED.get(2)).isEqualTo(new DeniedRequest(NOW, "anonymous", "GET", "/research/weekly", 401,
                "unknown token", "127.0.0.1"));
    }

    @Test
    void answers403ForTheWrongRoleOrProgramAndLogsWhoWithoutTheQuery() throws Exception {
        assertThat(get("/research/weekly", "Bearer tok-clinic").statusCode()).isEqualTo(403);
        HttpResponse<String> other = get("/programs/p9?client_ref=R-12345", "Bearer tok-director");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).isEqualTo("{\"error\":\"forbidden: program p9 is not yours\"}");
        assertThat(get("/programs/p1", "Bearer tok-research").statusCode()).isEqualTo(403);

        assertThat(DENIED).extracting(DeniedRequest::who).containsExactly("clinic-a-ehr", "director-1", "analyst");
        DeniedRequest logged = DENIED.get(1);
        assertThat(logged.path()).isEqualTo("/programs/p9");
        assertThat(logged.toLogLine()).doesNotContain("R-12345").isEqualTo(
                "denied status=403 who=director-1 method=GET path=/programs/p9 remote=127.0.0.1"
                        + " at=2026-03-02T10:15:30Z reason=\"program p9 is not yours\"");
    }

    @Test
    void aNewlineOrControlCharacterCannotForgeAnAuditLine() throws Exception {
        // %0A decodes to a newline in the path parameter that the reason quotes: it must stay inside the field.
        HttpResponse<String> r = get("/programs/p9%0AWARN%20denied%20status=403%20who=demo-admin%1B%5B2J%E2%80%AE",
                "Bearer tok-director");
        assertThat(r.statusCode()).isEqualTo(403);

        String line = DENIED.get(0).toLogLine();
        assertThat(line).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u202e")
                .startsWith("denied status=403 who=director-1 method=GET path=")
                .endsWith(" reason=\"program p9\\u000aWARN denied status=403 who=demo-admin\\u001b[2J\\u202e"
                        + " is not yours\"");
    }

    @Test
    void quotesAndBackslashesInAValueCannotCloseItsField() {
        DeniedRequest forged = new DeniedRequest(NOW, "name with \"quote\"", "GET", "/a b", 403,
                "x\" who=demo-admin \\", "127.0.0.1");
        assertThat(forged.toLogLine()).isEqualTo("denied status=403 who=\"name with \\\"quote\\\"\" method=GET"
                + " path=\"/a b\" remote=127.0.0.1 at=2026-03-02T10:15:30Z reason=\"x\\\" who=demo-admin \\\\\"");
        assertThat(new DeniedRequest(NOW, "a", "GET", "/" + "p".repeat(300), 401, "r", "::1").toLogLine())
                .contains("path=\"/" + "p".repeat(255) + "...(cut)\"");
    }

    @Test
    void anAnswerForATokenHolderIsNeverCached() throws Exception {
        assertThat(get("/programs/p1", "Bearer tok-director").headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(get("/programs/p1", null).headers().firstValue("Cache-Control")).contains("no-store");
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
