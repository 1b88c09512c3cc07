package org.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.rapport.auth.DemoTokens;
import org.rapport.auth.Role;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.bench.workload.Workload;
import org.rapport.client.IncomingEvent;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.http.Gateway;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;

/**
 * HTTP ingestion: simulator events posted as JSON arrays to {@code POST /v1/events} of a real gateway (auth,
 * parsing, validation, pseudonymisation, Avro, one Kafka transaction per batch), by a few concurrent senders.
 */
final class HttpIngest {

    /** What the senders achieved. */
    record Result(int events, int batchSize, int senders, double seconds, double eventsPerSecond,
                  double batchesPerSecond) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 2;

    private HttpIngest() {
    }

    static Result run(RapportConfig clusterConfig, int events, int batchSize) throws Exception {
        List<String> bodies = bodies(events, batchSize);
        int sent = 0;
        String token = DemoTokens.newToken();
        TokenStore tokens = TokenStore.of(List.of(new TokenEntry("bench", TokenStore.sha256Hex(token),
                Role.admin().toString())));
        RapportConfig config = clusterConfig.with(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "ticker.interval", "PT0S", "pseudonym.secret", "bench-http"));
        try (Gateway gateway = Gateway.start(config, tokens)) {
            URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/v1/events");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            post(http, uri, token, bodies.get(0));   // warm-up: first transaction, registry look-ups
            AtomicInteger next = new AtomicInteger(1);
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
            long started = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                done.add(pool.submit(() -> {
                    int accepted = 0;
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        accepted += post(http, uri, token, bodies.get(i));
                    }
                    return accepted;
                }));
            }
            for (Future<Integer> f : done) {
                sent += f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            return new Result(sent, batchSize, SENDERS, seconds, sent / seconds, (bodies.size() - 1) / seconds);
        }
    }

    /** Posts one batch; returns the events accepted, failing on anything but 202. */
    private static int post(HttpClient http, URI uri, String token, String body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /v1/events answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return JSON.readTree(response.body()).path("accepted").asInt(JSON.readTree(body).size());
    }

    /** The simulator's events as JSON array bodies of {@code batchSize}. */
    static List<String> bodies(int events, int batchSize) throws IOException {
        // About 45 events per simulated client over the run; a margin so that there are at least {@code events}.
        int clients = Math.max(2, events / 30);
        SimulatorOptions options = new SimulatorOptions(7, Workload.DAYS, clients, Workload.START, false,
                Duration.ofSeconds(1));
        List<IncomingEvent> all = new ArrayList<>();
        Simulator.generate(options, Workload.START).forEach(all::addAll);
        List<String> bodies = new ArrayList<>();
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < Math.min(events, all.size()); i++) {
            batch.add(toJson(all.get(i)));
            if (batch.size() == batchSize) {
                bodies.add(JSON.writeValueAsString(batch));
                batch = JSON.createArrayNode();
            }
        }
        if (!batch.isEmpty()) {
            bodies.add(JSON.writeValueAsString(batch));
        }
        return bodies;
    }

    private static ObjectNode toJson(IncomingEvent event) {
        ObjectNode node = JSON.createObjectNode();
        event.fields().forEach(node::put);
        if (event.items() != null) {
            ArrayNode items = node.putArray("items");
            event.items().forEach(v -> {
                if (v == null) {
                    items.addNull();
                } else {
                    items.add(Integer.parseInt(v));
                }
            });
        }
        return node;
    }
}
