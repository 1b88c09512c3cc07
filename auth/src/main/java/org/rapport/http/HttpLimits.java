package org.rapport.http;

import java.time.Duration;
import org.rapport.config.RapportConfig;

/**
 * The explicit limits of every Rapport HTTP server, from the {@code http.*} keys.
 *
 * @param idleTimeout           a connection that sends and receives nothing this long is closed
 * @param minRequestDataRate    bytes per second a request body must keep up, from its first byte (0 = no minimum)
 * @param maxUploadsPerToken    request bodies one token may have in flight at once
 * @param maxThreads            request threads
 * @param maxRequestHeaderBytes request line plus headers
 */
public record HttpLimits(Duration idleTimeout, long minRequestDataRate, int maxUploadsPerToken, int maxThreads,
                         int maxRequestHeaderBytes) {

    /** Fewer threads than this leave none for health checks next to Jetty's acceptors and selectors. */
    private static final int MIN_THREADS = 8;

    public HttpLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle.timeout must be positive, got " + idleTimeout);
        }
        if (minRequestDataRate < 0) {
            throw new IllegalArgumentException("http.min.request.data.rate must not be negative");
        }
        if (maxUploadsPerToken < 1) {
            throw new IllegalArgumentException("http.max.uploads.per.token must be at least 1");
        }
        if (maxThreads < MIN_THREADS) {
            throw new IllegalArgumentException("http.max.threads must be at least " + MIN_THREADS);
        }
    }

    public static HttpLimits fromConfig(RapportConfig config) {
        return new HttpLimits(config.duration("http.idle.timeout"), config.longValue("http.min.request.data.rate"),
                config.integer("http.max.uploads.per.token"), config.integer("http.max.threads"),
                config.integer("http.max.request.header.bytes"));
    }
}
