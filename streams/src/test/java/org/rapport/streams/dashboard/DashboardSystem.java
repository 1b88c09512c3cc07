package org.rapport.streams.dashboard;

import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.ingest.http.IngestRoutes;
import org.rapport.ingest.http.UploadRoutes;
import org.rapport.programs.ProgramRegistry;
import org.rapport.simulator.Simulator;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.query.QueryServer;
import org.rapport.testkit.KafkaClusterExtension;

/**
 * Test fixture: one Rapport instance composed as {@code rapport local} composes it — Streams, and on one HTTP port the
 * gateway's routes (events, uploads, pseudonyms), the query API and the dashboard — on a testkit cluster, with a
 * token per role. {@link #restart()} stops the instance and starts it again on the same port, state directory and
 * application id, as a restarted {@code rapport local} does.
 */
final class DashboardSystem implements AutoCloseable {

    static final String ADMIN = "t-admin";
    static final String DIRECTOR = "t-director-all";
    static final String RESEARCHER = "t-researcher";
    static final String CLINIC = "t-clinic-north";
    static final String SECRET = "browser-test";

    private static final TokenStore TOKENS = TokenStore.of(List.of(
            entry("ops", ADMIN, "admin"),
            entry("director of every demo program", DIRECTOR, "director:north-op,north-iop,south-res,east-otp,east-op"),
            entry("research team", RESEARCHER, "researcher"),
            entry("north EHR", CLINIC, "clinic:clinic-north")));

    private final RapportConfig config;
    private final RapportClient client;
    private StreamsApp streams;
    private QueryServer query;
    private Javalin app;

    DashboardSystem(KafkaClusterExtension cluster) {
        cluster.provisionRapportTopics();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(Path.of("target"), "dashboard-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        // The demo's program registry, as rapport local writes it: programs are shown by name.
        Path programs = dataDir.resolve("programs.yaml");
        ProgramRegistry.of(Simulator.programs()).save(programs);
        config = cluster.config().with(Map.of("http.host", "127.0.0.1", "http.port", String.valueOf(port),
                "streams.application.id", "rapport-dashboard-test-" + UUID.randomUUID(),
                "data.dir", dataDir.toString(), "pseudonym.secret", SECRET, ProgramRegistry.FILE_KEY, programs.toString(),
                // a member that did not leave the group is noticed after this, not Kafka's 45 s
                "streams.session.timeout.ms", "10000"));
        client = RapportClient.create(config, Clock.systemUTC(), Map.of(), 1);
        start();
    }

    private void start() {
        streams = new StreamsApp(config);
        streams.start();
        query = QueryServer.of(config, TOKENS, streams);
        app = HttpServers.create(config);
        new IngestRoutes(client, HttpAuth.of(TOKENS), config).addRoutes(app);
        new UploadRoutes(client, HttpAuth.of(TOKENS), config).addRoutes(app);
        query.addRoutes(app);
        app.start(config.string("http.host"), config.integer("http.port"));
        await().atMost(Duration.ofSeconds(60)).until(streams::isRunning);
    }

    private void stop() {
        app.stop();
        query.close();
        streams.close();
    }

    /** Stops everything but the cluster, waits {@code down}, and starts again on the same port and state. */
    void restart(Duration down) throws InterruptedException {
        stop();
        Thread.sleep(down.toMillis());
        start();
    }

    RapportConfig config() {
        return config;
    }

    /** The producer side (gateway's client), which a restart of the instance does not touch. */
    RapportClient client() {
        return client;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    @Override
    public void close() {
        stop();
        client.close();
    }

    private static TokenEntry entry(String name, String token, String role) {
        return new TokenEntry(name, TokenStore.sha256Hex(token), role);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
