package org.rapport.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Role;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.programs.ProgramRegistry;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.StreamsSettings;
import org.rapport.streams.dashboard.AlertFeed;
import org.rapport.streams.dashboard.DashboardRoutes;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.observability.Observability;
import org.rapport.streams.query.suppression.ResearchTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a Streams instance: query API, dashboard with its live alerts, metrics and health. Mount it
 * on a shared Javalin server with {@link #addRoutes(Javalin)} (as {@code rapport local} does), or run it alone
 * with {@link #start(RapportConfig, TokenStore)}. Either way the server must listen on the address that
 * {@code application.server} advertises ({@link StreamsSettings#applicationServer}), since other instances
 * call it there.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private final StreamsApp streams;
    private final boolean ownsStreams;
    private final Observability observability;
    private final AlertFeed feed;
    private final QueryRoutes queryRoutes;
    private final DashboardRoutes dashboardRoutes;
    private final java.util.function.Supplier<java.util.Optional<NotReadyException>> readiness;
    private final PipelineLag lag;
    private Javalin app;

    private QueryServer(RapportConfig config, TokenStore tokens, StreamsApp streams, boolean ownsStreams) {
        this.streams = streams;
        this.ownsStreams = ownsStreams;
        ObjectMapper json = new ObjectMapper();
        HttpAuth auth = HttpAuth.of(tokens);
        this.observability = new Observability(streams::kafkaStreams);
        HostInfo self = HostInfo.buildFromEndpoint(StreamsSettings.applicationServer(config));
        LocalStores stores = new LocalStores(streams::kafkaStreams, new StorePartitions(streams.topology()), self);
        InternalCredential credential = InternalCredential.from(config);
        this.lag = new PipelineLag(config);
        Cluster cluster = new Cluster(stores, self, json, PEER_TIMEOUT, credential);
        Suppression suppression = new Suppression(config.integer("research.suppression.threshold"));
        ProgramRegistry registry = ProgramRegistry.fromConfig(config);
        ResearchRows research = new ResearchRows(suppression, new ResearchTables(suppression,
                AllianceOutcomeTopology.ALL_PROGRAMS, insiders(tokens, registry)));
        QueryCatalog catalog = new QueryCatalog(auth, cluster, new ProgramQueries(stores),
                new ResearchQueries(stores, research), research,
                new ResearchRelease(config.duration("research.release.interval"), java.time.Clock.systemUTC()), lag,
                registry);
        this.readiness = stores::notReady;
        this.queryRoutes = new QueryRoutes(auth, catalog, json, observability.registry(), readiness, credential);
        this.feed = new AlertFeed(config);
        feed.listen(alert -> observability.alertSeen(alert.getKind()));
        this.dashboardRoutes = new DashboardRoutes(auth, feed, json);
        feed.start();
        observability.bindStreams();
    }

    /**
     * Readers who hold client-level data of several programs — each director, each clinic with its programs (the
     * program registry) — against whom research suppression must hold too.
     */
    private static List<Set<String>> insiders(TokenStore tokens, ProgramRegistry registry) {
        List<Set<String>> insiders = new ArrayList<>();
        for (TokenEntry entry : tokens.entries()) {
            Role role = Role.parse(entry.role());
            if (role.kind() == Role.Kind.DIRECTOR) {
                insiders.add(role.programs());
            }
        }
        Map<String, Set<String>> byClinic = new TreeMap<>();
        registry.programs().forEach(p -> byClinic.computeIfAbsent(p.clinicId(), c -> new TreeSet<>()).add(p.id()));
        insiders.addAll(byClinic.values());
        return insiders;
    }

    /** The HTTP side of an existing StreamsApp; call {@link #streamsStarted()} if it starts later. */
    public static QueryServer of(RapportConfig config, TokenStore tokens, StreamsApp streams) {
        return new QueryServer(config, tokens, streams, false);
    }

    /** A standalone instance: starts the topology and its own server on {@code http.host}:{@code http.port}. */
    public static QueryServer start(RapportConfig config, TokenStore tokens) {
        StreamsApp streams = new StreamsApp(config);
        streams.start();
        QueryServer server = new QueryServer(config, tokens, streams, true);
        try {
            Javalin app = HttpServers.create(config);
            server.addRoutes(app);
            app.start(config.string("http.host"), config.integer("http.port"));
            server.app = app;
            LOG.info("Query API and dashboard on http://{}:{}/ (advertised as {})", config.string("http.host"),
                    app.port(), StreamsSettings.applicationServer(config));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public void addRoutes(Javalin app) {
        queryRoutes.addRoutes(app);
        dashboardRoutes.addRoutes(app);
        observability.addRoutes(app);
    }

    /** Binds Kafka Streams' metrics once the StreamsApp given to {@link #of} has started. */
    public void streamsStarted() {
        observability.bindStreams();
    }

    /**
     * Why this instance cannot answer every query right now (what {@code /health/ready} says with a 503), or empty
     * once it can.
     */
    public java.util.Optional<String> notReady() {
        return readiness.get().map(e -> e.status() + ": " + e.getMessage());
    }

    public StreamsApp streams() {
        return streams;
    }

    /** The port of the standalone server. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        dashboardRoutes.close();
        feed.close();
        lag.close();
        observability.close();
        if (ownsStreams) {
            streams.close();
        }
    }
}
