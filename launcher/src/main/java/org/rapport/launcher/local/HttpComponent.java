package org.rapport.launcher.local;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.ingest.http.Gateway;
import org.rapport.ingest.http.IngestRoutes;
import org.rapport.ingest.tick.Ticker;

/**
 * The one HTTP server of a Rapport instance (SPEC §6): the ingestion gateway's routes, the query API and
 * dashboard (mounted by whoever adds them), health, and the gateway's clock ticker.
 */
public final class HttpComponent implements Component {

    private final List<BiConsumer<Javalin, RapportConfig>> mounts = new ArrayList<>();
    private final List<AutoCloseable> closeOnStop = new ArrayList<>();
    private final List<Supplier<Optional<String>>> readiness = new ArrayList<>();
    private RapportClient client;
    private Ticker ticker;
    private Javalin app;
    private RapportConfig config;

    /** Adds routes to the server when it starts. */
    public HttpComponent mount(BiConsumer<Javalin, RapportConfig> routes) {
        mounts.add(routes);
        return this;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        SecretsComponent.requireSecret(config);
        this.config = config;
        TokenStore tokens = TokenStore.load(config.path("tokens.file"));
        client = RapportClient.create(config, Clock.systemUTC(), Map.of(), Gateway.PARALLEL_TRANSACTIONS);
        app = HttpServers.create(config);
        new IngestRoutes(client, HttpAuth.of(tokens), config).addRoutes(app);
        mounts.forEach(m -> m.accept(app, config));
        app.start(config.string("http.host"), config.integer("http.port"));
        ticker = Ticker.fromConfig(client, config).start();
        return config.with("http.port", String.valueOf(app.port()));
    }

    /** Adds a condition for this server to be ready (e.g. the query API able to answer): empty when it is. */
    public void readyWhen(Supplier<Optional<String>> notReady) {
        readiness.add(notReady);
    }

    @Override
    public Optional<String> notReady() {
        return readiness.stream().map(Supplier::get).flatMap(Optional::stream).findFirst();
    }

    /** Closes {@code resource} (e.g. what a mount started) when the server stops, after it stopped serving. */
    public void closeOnStop(AutoCloseable resource) {
        closeOnStop.add(resource);
    }

    /** The Java client the gateway writes with (the simulator shares it). */
    public RapportClient client() {
        return client;
    }

    public int port() {
        return app.port();
    }

    @Override
    public List<String> describe() {
        String host = config.string("http.host");
        String base = "http://" + (host.equals("0.0.0.0") || host.isBlank() ? "127.0.0.1" : host) + ":" + app.port();
        return List.of("HTTP         " + base + "  (POST /v1/events, /v1/fhir; query API /v1/...; dashboard /; /metrics)",
                "Ticker       " + (ticker.enabled() ? "a tick every " + config.string("ticker.interval") : "off"));
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.close();
        }
        if (app != null) {
            app.stop();
        }
        for (AutoCloseable resource : closeOnStop) {
            try {
                resource.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(HttpComponent.class).warn("Closing {} failed: {}", resource, e.toString());
            }
        }
        closeOnStop.clear();
        if (client != null) {
            client.close();
        }
    }
}
