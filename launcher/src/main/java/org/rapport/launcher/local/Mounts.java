package org.rapport.launcher.local;

import org.rapport.auth.TokenStore;
import org.rapport.streams.query.QueryServer;

/**
 * What the streams side adds to the shared HTTP server: the query API, the dashboard with its live alerts,
 * {@code /metrics} and {@code /health/live|ready} ({@link QueryServer}).
 */
public final class Mounts {

    private Mounts() {
    }

    public static void queryAndDashboard(HttpComponent http, StreamsComponent streams) {
        http.mount((app, config) -> {
            QueryServer query = QueryServer.of(config, TokenStore.load(config.path("tokens.file")), streams.app());
            query.addRoutes(app);
            http.readyWhen(query::notReady);
            http.closeOnStop(query);
        });
    }
}
