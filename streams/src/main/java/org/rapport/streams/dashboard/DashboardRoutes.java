package org.rapport.streams.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.avro.Alert;
import org.rapport.streams.query.Rows;

/**
 * The program director's dashboard: the page at {@code /} with its script and styles, the ECharts library from
 * its WebJar (shipped in the jar, no CDN), and {@code GET /v1/programs/{id}/alerts/live}, a server-sent-event
 * stream of the program's new alerts and retractions as they are published. The stream takes the bearer token
 * like every API call (the page reads it with {@code fetch}, so the token never appears in a URL).
 */
public final class DashboardRoutes implements AutoCloseable {

    public static final String LIVE_ALERTS = "/v1/programs/{id}/alerts/live";
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final Map<String, String> FILES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final HttpAuth auth;
    private final AlertFeed feed;
    private final ObjectMapper json;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public DashboardRoutes(HttpAuth auth, AlertFeed feed, ObjectMapper json) {
        this.auth = auth;
        this.feed = feed;
        this.json = json;
        // Comments keep proxies from closing idle streams and reveal clients that went away.
        heartbeat.scheduleAtFixedRate(() -> clients.forEach(c -> send(c, null, null)), 15, 15, TimeUnit.SECONDS);
    }

    public void addRoutes(Javalin app) {
        auth.install(app);
        app.get("/", ctx -> resource(ctx, "index.html", "text/html; charset=utf-8"));
        app.get("/dashboard/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (!FILES.containsKey(file)) {
                throw new NotFoundResponse();
            }
            resource(ctx, file, FILES.get(file));
        });
        app.get("/assets/echarts.min.js", ctx -> {
            ctx.header("Cache-Control", "max-age=86400");
            stream(ctx, ECHARTS, "text/javascript; charset=utf-8");
        });
        app.before(LIVE_ALERTS, ctx -> {
            String program = ctx.pathParam("id");
            auth.require(ctx, p -> p.canReadProgram(program), "a director token of program " + program + " or admin");
        });
        app.sse(LIVE_ALERTS, this::follow);
    }

    private void follow(SseClient client) {
        String program = client.ctx().pathParam("id");
        Principal who = client.ctx().attribute(HttpAuth.PRINCIPAL_ATTRIBUTE);
        if (who == null || !who.canReadProgram(program)) {
            client.close();
            return;
        }
        client.keepAlive();
        clients.add(client);
        AutoCloseable listening = feed.listen(alert -> {
            if (alert.getProgramId().equals(program)) {
                send(client, alert.getKind().name().equals("RETRACTED") ? "retracted" : "alert", alert);
            }
        });
        client.onClose(() -> {
            clients.remove(client);
            try {
                listening.close();
            } catch (Exception e) {
                // removing a listener cannot fail
            }
        });
        send(client, "ready", null);
    }

    private void send(SseClient client, String event, Alert alert) {
        synchronized (client) {
            if (event == null) {
                client.sendComment("heartbeat");
            } else {
                client.sendEvent(event, alert == null ? "{}" : write(Rows.of(alert)));
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void resource(Context ctx, String name, String type) throws IOException {
        ctx.header("Cache-Control", "no-cache");
        stream(ctx, "/org/rapport/streams/dashboard/" + name, type);
    }

    private static void stream(Context ctx, String path, String type) throws IOException {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new NotFoundResponse();
            }
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
