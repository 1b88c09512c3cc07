package org.rapport.streams.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries with routing. A query has a local part that reads this instance's partitions; a
 * program-wide scan runs that part on every instance of the application (found in
 * {@link KafkaStreams#metadataForAllStreamsClients()}) — here directly, elsewhere through
 * {@code GET /internal/v1/query/{name}} with the caller's own token — and concatenates the rows. A lookup by
 * key goes only to the instance that {@link KafkaStreams#queryMetadataForKey} names. Each key lives on exactly
 * one instance, so concatenation is the whole answer; any instance that cannot answer makes the whole query
 * a {@link NotReadyException}.
 */
public final class Cluster {

    public static final String INTERNAL_PATH = "/internal/v1/query/";
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() { };

    /** The local part of a query: the rows of this instance's partitions for these parameters. */
    @FunctionalInterface
    public interface LocalQuery extends Function<Map<String, String>, List<Map<String, Object>>> {
    }

    private final LocalStores stores;
    private final HostInfo self;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    public Cluster(LocalStores stores, HostInfo self, ObjectMapper json, Duration timeout) {
        this.stores = stores;
        this.self = self;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public HostInfo self() {
        return self;
    }

    /** Runs {@code query} on every instance and concatenates the rows. */
    public List<Map<String, Object>> everywhere(String query, Map<String, String> params, LocalQuery local,
                                                String authorization) {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        Collection<StreamsMetadata> metadata = stores.running().metadataForAllStreamsClients();
        for (StreamsMetadata m : metadata) {
            hosts.add(checked(m.hostInfo()));
        }
        if (hosts.isEmpty()) {
            throw new NotReadyException("no instance of the application is known yet");
        }
        return onHosts(hosts, host -> params, query, local, authorization);
    }

    /**
     * Runs {@code query} for each key on the instance that holds the key: the instance gets the keys it holds
     * as the {@code keys} parameter (comma-separated).
     */
    public List<Map<String, Object>> byKeys(String store, List<String> keys, String query, Map<String, String> params,
                                            LocalQuery local, String authorization) {
        KafkaStreams streams = stores.running();
        Map<HostInfo, List<String>> keysByHost = new LinkedHashMap<>();
        for (String key : keys) {
            KeyQueryMetadata where = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
            if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                throw new NotReadyException("no instance holds " + store + " yet");
            }
            keysByHost.computeIfAbsent(checked(where.activeHost()), h -> new ArrayList<>()).add(key);
        }
        return onHosts(keysByHost.keySet(), host -> {
            Map<String, String> withKeys = new LinkedHashMap<>(params);
            withKeys.put("keys", String.join(",", keysByHost.get(host)));
            return withKeys;
        }, query, local, authorization);
    }

    private List<Map<String, Object>> onHosts(Set<HostInfo> hosts, Function<HostInfo, Map<String, String>> paramsOf,
                                              String query, LocalQuery local, String authorization) {
        List<CompletableFuture<List<Map<String, Object>>>> remote = new ArrayList<>();
        for (HostInfo host : hosts) {
            if (!host.equals(self)) {
                remote.add(ask(host, query, paramsOf.apply(host), authorization));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (hosts.contains(self)) {
            rows.addAll(local.apply(paramsOf.apply(self)));
        }
        for (CompletableFuture<List<Map<String, Object>>> answer : remote) {
            try {
                rows.addAll(answer.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof NotReadyException nr ? nr
                        : new NotReadyException(NotReadyException.Status.UNAVAILABLE, "another instance did not answer",
                                e.getCause());
            }
        }
        return rows;
    }

    private CompletableFuture<List<Map<String, Object>>> ask(HostInfo host, String query, Map<String, String> params,
                                                             String authorization) {
        String queryString = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + INTERNAL_PATH + query + "?" + queryString);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new NotReadyException(NotReadyException.Status.UNAVAILABLE,
                        "instance " + host + " answered " + response.statusCode(), null);
            }
            try {
                return json.readValue(response.body(), ROWS);
            } catch (IOException e) {
                throw new NotReadyException(NotReadyException.Status.UNAVAILABLE,
                        "instance " + host + " sent an unreadable answer", e);
            }
        });
    }

    private static HostInfo checked(HostInfo host) {
        if (host == null || host.port() < 0) {
            throw new NotReadyException("an instance's address is not known yet");
        }
        return host;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
