package org.rapport.ingest.http;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.ingest.tick.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion gateway on its own ({@code rapport gateway}): its own HTTP server with the
 * {@link IngestRoutes}, liveness and readiness, and the clock {@link Ticker}. In {@code rapport local}
 * the launcher mounts {@link IngestRoutes} on the shared server instead.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Requests mostly wait for the broker's commit, so a few parallel transactions pay off even on 2 cores. */
    public static final int PARALLEL_TRANSACTIONS = 4;

    private final RapportClient client;
    private final Javalin app;
    private final Ticker ticker;

    private Gateway(RapportClient client, Javalin app, Ticker ticker) {
        this.client = client;
        this.app = app;
        this.ticker = ticker;
    }

    /** Starts on {@code http.host}:{@code http.port} (0 = any free port) with the given tokens. */
    public static Gateway start(RapportConfig config, TokenStore tokens) {
        RapportClient client = RapportClient.create(config, Clock.systemUTC(), Map.of(), PARALLEL_TRANSACTIONS);
        try {
            Javalin app = HttpServers.create(config);
            new IngestRoutes(client, HttpAuth.of(tokens), config).addRoutes(app);
            app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
            app.get("/health/ready", ctx -> ctx.json(Map.of("status", "UP")));
            app.start(config.string("http.host"), config.integer("http.port"));
            Ticker ticker = Ticker.fromConfig(client, config).start();
            LOG.info("Ingestion gateway listening on {}:{} (ticker {})", config.string("http.host"), app.port(),
                    ticker.enabled() ? config.string("ticker.interval") : "off");
            return new Gateway(client, app, ticker);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        ticker.close();
        app.stop();
        client.close();
    }
}
