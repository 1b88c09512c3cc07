package org.rapport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.BadMessageException;
import org.rapport.json.StrictJson;

/**
 * Reads request bodies without holding a thread while the bytes arrive (servlet asynchronous I/O): a caller that
 * trickles a large body costs a socket and a buffer, not one of the server's threads, so health checks and every
 * other caller keep being served. Jetty cuts a body slower than {@code http.min.request.data.rate} (408), and each
 * token may have at most {@code http.max.uploads.per.token} bodies in flight (429 beyond, before a byte is read).
 */
public final class RequestBodies {

    private static final int CHUNK = 8192;
    private static final int MAX_INITIAL_BUFFER = 1 << 16;

    private final long maxBytes;
    private final String maxBytesKey;
    private final HttpLimits limits;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /**
     * @param maxBytes    the largest body accepted (413 beyond)
     * @param maxBytesKey the configuration key of {@code maxBytes}, named in the 413 answer
     */
    public RequestBodies(long maxBytes, String maxBytesKey, HttpLimits limits) {
        this.maxBytes = maxBytes;
        this.maxBytesKey = maxBytesKey;
        this.limits = limits;
    }

    /** What to do with a body once it is complete; runs on a server thread and may throw {@link HttpError}. */
    @FunctionalInterface
    public interface BodyHandler {
        void handle(byte[] body) throws Exception;
    }

    /**
     * Reads the body of the request asynchronously, then hands it to {@code then}. Call it last in a handler, after
     * authentication: {@code caller} (the token's name) is what the in-flight limit counts.
     */
    public void read(Context ctx, String caller, BodyHandler then) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        ctx.future(() -> {
            AtomicInteger uploads = inFlight.computeIfAbsent(caller, name -> new AtomicInteger());
            if (uploads.incrementAndGet() > limits.maxUploadsPerToken()) {
                uploads.decrementAndGet();
                ctx.header("Retry-After", "1");
                throw new HttpError(429, "this token already has " + limits.maxUploadsPerToken()
                        + " request bodies in flight (http.max.uploads.per.token); wait for their answers");
            }
            CompletableFuture<byte[]> body;
            try {
                body = readAll(ctx);
            } catch (IOException | RuntimeException e) {
                uploads.decrementAndGet();
                throw unreadable(e);
            }
            return body.thenAccept(bytes -> {
                try {
                    then.handle(bytes);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }).whenComplete((ok, failed) -> uploads.decrementAndGet());
        });
    }

    /** The body as one JSON document, read strictly ({@link StrictJson}); 400 naming the problem, never the text. */
    public static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw new HttpError(400, "the request body is empty; expected JSON");
        }
        try {
            return StrictJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, StrictJson.problem(e));
        } catch (IOException e) {
            throw new HttpError(400, "unreadable JSON");
        }
    }

    private CompletableFuture<byte[]> readAll(Context ctx) throws IOException {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ServletInputStream in = ctx.req().getInputStream();
        long declared = ctx.req().getContentLengthLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(CHUNK, Math.min(declared, MAX_INITIAL_BUFFER)));
        byte[] chunk = new byte[CHUNK];
        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() {
                try {
                    // isReady() false means: call again when more bytes arrive; no thread waits meanwhile.
                    while (!done.isDone() && in.isReady()) {
                        int n = in.read(chunk);
                        if (n < 0) {
                            return;
                        }
                        out.write(chunk, 0, n);
                        if (out.size() > maxBytes) {
                            done.completeExceptionally(tooLarge());
                        }
                    }
                } catch (Throwable t) {
                    done.completeExceptionally(unreadable(t));
                }
            }

            @Override
            public void onAllDataRead() {
                done.complete(out.toByteArray());
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(unreadable(t));
            }
        });
        return done;
    }

    private HttpError unreadable(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadMessageException bad && bad.getCode() == 408) {
                return new HttpError(408, "the request body arrived slower than " + limits.minRequestDataRate()
                        + " bytes per second (http.min.request.data.rate)");
            }
            if (cause instanceof TimeoutException) {
                return new HttpError(408, "the request body stopped arriving for " + limits.idleTimeout()
                        + " (http.idle.timeout)");
            }
        }
        return new HttpError(400, "the request body could not be read");
    }

    private HttpError tooLarge() {
        return new HttpError(413, "the request body is larger than " + maxBytes + " bytes (" + maxBytesKey
                + "); send smaller batches");
    }
}
