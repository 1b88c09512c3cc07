package org.rapport.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.rapport.config.RapportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Rapport builds an HTTP server (gateway, query API and dashboard, and the combined server of
 * {@code rapport local} / {@code serve}), so all of them share the same defences, configured by the {@code http.*}
 * keys ({@link HttpLimits}):
 * <ul>
 *   <li>limits: request threads, header size, idle timeout, a minimum request-body data rate;</li>
 *   <li>{@link SecurityHeaders} on every answer, error pages included;</li>
 *   <li>every error as JSON {@code {"error": ...}}: {@link HttpError}, Javalin's own responses, Jetty's parse errors,
 *       and any unexpected exception (500, logged with its stack trace, never shown to the caller).</li>
 * </ul>
 */
public final class HttpServers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);
    private static final int MIN_IDLE_THREADS = 4;

    private HttpServers() {
    }

    /** A configured, not yet started server; start it with {@code app.start(host, port)}. */
    public static Javalin create(RapportConfig config) {
        return create(HttpLimits.fromConfig(config));
    }

    public static Javalin create(HttpLimits limits) {
        AtomicReference<Server> server = new AtomicReference<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), MIN_IDLE_THREADS);
            threads.setName("rapport-http");
            cfg.jetty.threadPool = threads;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setMinRequestDataRate(limits.minRequestDataRate());
                http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.jetty.modifyServer(s -> {
                server.set(s);
                s.insertHandler(new SecurityHeaders());
                s.setErrorHandler(new JsonErrorHandler());
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            // Javalin adds its connector after the server consumers ran: set the idle timeout once it exists.
            cfg.events(events -> events.serverStarting(() -> {
                for (Connector connector : server.get().getConnectors()) {
                    if (connector instanceof AbstractConnector c) {
                        c.setIdleTimeout(limits.idleTimeout().toMillis());
                    }
                }
            }));
        });
        installErrors(app);
        return app;
    }

    /** JSON for {@link HttpError}, Javalin's responses (404 …) and anything unexpected; safe to call more than once. */
    public static void installErrors(Javalin app) {
        app.exception(HttpError.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("HTTP 500: {} {} failed", ctx.method(), ctx.matchedPath(), e);
            ctx.status(500).json(Map.of("error", "internal error; nothing was stored by this request"));
        });
    }
}
