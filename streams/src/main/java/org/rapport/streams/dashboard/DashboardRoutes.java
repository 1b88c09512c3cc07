package org.rapport.streams.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rapport.auth.HttpAuth;
import org.rapport.streams.query.ProgramSet;
import org.rapport.streams.query.Rows;

/**
 * The program director's dashboard: the page at {@code /} with its script and styles, the ECharts library from
 * its WebJar (shipped in the jar, no CDN), and {@code GET /v1/programs/{id}/alerts/live}, a server-sent-event
 * stream of the program's new alerts and retractions as they are published. The stream takes the bearer token
 * like every API call (the page reads it with {@code fetch}, so the token never appears in a URL).
 */
public final class DashboardRoutes implements AutoCloseable {

    public static final String LIVE_ALERTS = "/v1/programs/{id}/alerts/live";
    /** Who the bearer token is: its role and scope, and the dashboard views it may open. */
    public static final String ME = "/v1/me";
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String JS = "text/javascript; charset=utf-8";
    /** The page's own files: its modules and styles (no build step; CSP {@code 'self'}). */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("style.css", "text/css; charset=utf-8"),
            Map.entry("app.js", JS), Map.entry("api.js", JS), Map.entry("format.js", JS), Map.entry("dom.js", JS),
            Map.entry("charts.js", JS), Map.entry("range.js", JS), Map.entry("live.js", JS), Map.entry("director.js", JS),
            Map.entry("overview.js", JS), Map.entry("clients.js", JS), Map.entry("research.js", JS),
            Map.entry("clinic.js", JS), Map.entry("training.js", JS));

    private final HttpAuth auth;
    private final AlertFeed feed;
    private final ObjectMapper json;
    private final int suppressionThreshold;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** @param suppressionThreshold research suppression's threshold, for the research view's explanation */
    public DashboardRoutes(HttpAuth auth, AlertFeed feed, ObjectMapper json, int suppressionThreshold) {
        this.auth = auth;
        this.feed = feed;
        this.json = json;
        this.suppressionThreshold = suppressionThreshold;
        // Comments keep proxies from closing idle streams and reveal clients that went away.
        heartbeat.scheduleAtFixedRate(() -> streams.forEach(EventStream::heartbeat), 15, 15, TimeUnit.SECONDS);
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
        app.get(LIVE_ALERTS, this::follow);
        app.get(ME, ctx -> ctx.contentType("application/json").result(write(SignedIn.describe(auth.authenticate(ctx),
                suppressionThreshold))));
    }

    /**
     * Opens an event stream for one program. The request stays open asynchronously (no thread waits on it);
     * the feed's thread writes each event, and a failed write or {@link #close()} ends it.
     */
    private void follow(Context ctx) throws IOException {
        String program = ctx.pathParam("id");
        auth.authenticate(ctx);
        ProgramSet.requireId(program);
        auth.require(ctx, p -> p.canReadProgram(program), "a director token of program " + program + " or admin");
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
        EventStream stream = new EventStream(ctx.res().getOutputStream());
        streams.add(stream);
        AutoCloseable listening = feed.listen(alert -> {
            if (alert.getProgramId().equals(program)) {
                stream.send(alert.getKind().name().equals("RETRACTED") ? "retracted" : "alert", write(Rows.of(alert)));
            }
        });
        stream.done().whenComplete((ok, error) -> {
            streams.remove(stream);
            try {
                listening.close();
            } catch (Exception e) {
                // removing a listener cannot fail
            }
        });
        stream.send("ready", "{}");
        ctx.future(stream::done);
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
        streams.forEach(EventStream::end);
    }

    /** One open server-sent-event stream; writes are serialized, the first failure ends it. */
    private static final class EventStream {
        private final OutputStream out;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        EventStream(OutputStream out) {
            this.out = out;
        }

        CompletableFuture<Void> done() {
            return done;
        }

        void send(String event, String data) {
            write("event: " + event + "\ndata: " + data + "\n\n");
        }

        void heartbeat() {
            write(": heartbeat\n\n");
        }

        private synchronized void write(String text) {
            if (done.isDone()) {
                return;
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                end();
            }
        }

        void end() {
            done.complete(null);
        }
    }
}
