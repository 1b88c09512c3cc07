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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Interactive queries with routing. A query has a local part that reads this instance's partitions; a
 * program-wide scan runs that part on every instance of the application (found in
 * {@link KafkaStreams#metadataForAllStreamsClients()}) — here directly, elsewhere through
 * {@code GET /internal/v1/query/{name}} with the caller's own token (or, to build a research release, the
 * instances' {@link InternalCredential}) — and concatenates the rows. Each key lives on exactly one instance, so
 * concatenation is the whole answer; any instance that cannot answer makes the whole query a
 * {@link NotReadyException}.
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
    private final InternalCredential credential;

    public Cluster(LocalStores stores, HostInfo self, ObjectMapper json, Duration timeout,
                   InternalCredential credential) {
        this.stores = stores;
        this.self = self;
        this.json = json;
        this.timeout = timeout;
        this.credential = credential;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public HostInfo self() {
        return self;
    }

    /** Runs {@code query} on every instance and concatenates the rows. */
    public List<Map<String, Object>> everywhere(String query, Map<String, String> params, LocalQuery local,
                                                String authorization) {
        return onHosts(hosts(), host -> params, query, local, authorization == null ? Map.of()
                : Map.of("Authorization", authorization));
    }

    /** Runs an internal query ({@code release-…}) on every instance, showing the instances' own credential. */
    public List<Map<String, Object>> everywhereInternal(String query, LocalQuery local) {
        return onHosts(hosts(), host -> Map.of(), query, local, Map.of(InternalCredential.HEADER, credential.value()));
    }

    /**
     * The instance that builds and holds research releases: the first of the application's instances by host and
     * port, which every instance works out alike from the same group metadata.
     */
    public HostInfo releaseHolder() {
        return hosts().stream().min(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
                .orElseThrow();
    }

    /** Sends a request on to {@code host} as it came (path, query, the caller's headers) and answers its answer. */
    public HttpResponse<String> forward(HostInfo host, String method, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                + pathAndQuery)).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NotReadyException(NotReadyException.Status.UNAVAILABLE, "instance " + host + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadyException(NotReadyException.Status.UNAVAILABLE, "interrupted", e);
        }
    }

    private Set<HostInfo> hosts() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        Collection<StreamsMetadata> metadata = stores.running().metadataForAllStreamsClients();
        for (StreamsMetadata m : metadata) {
            hosts.add(checked(m.hostInfo()));
        }
        if (hosts.isEmpty()) {
            throw new NotReadyException("no instance of the application is known yet");
        }
        return hosts;
    }

    private List<Map<String, Object>> onHosts(Set<HostInfo> hosts, Function<HostInfo, Map<String, String>> paramsOf,
                                              String query, LocalQuery local, Map<String, String> headers) {
        List<CompletableFuture<List<Map<String, Object>>>> remote = new ArrayList<>();
        for (HostInfo host : hosts) {
            if (!host.equals(self)) {
                remote.add(ask(host, query, paramsOf.apply(host), headers));
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
                                                             Map<String, String> headers) {
        String queryString = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + INTERNAL_PATH + query + "?" + queryString);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
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
