package org.rapport.launcher.local;

import java.util.Map;

/** What the streams side adds to the shared HTTP server: health now; the query API and dashboard. */
public final class Mounts {

    private Mounts() {
    }

    public static void queryAndDashboard(HttpComponent http, StreamsComponent streams) {
        http.mount((app, config) -> {
            app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            app.get("/health/ready", ctx -> {
                boolean ready = streams.app() != null && streams.app().isRunning();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN"));
            });
        });
    }
}
