package org.rapport.ingest.tick;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock of SPEC §5.1: every {@code ticker.interval} it publishes a tick at the wall-clock time to
 * every partition of every input topic, so deadlines fire even while clinics are quiet. A failed tick
 * is logged and the next one simply carries a later time.
 */
public final class Ticker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final RapportClient client;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public Ticker(RapportClient client, Clock clock, Duration interval) {
        this.client = client;
        this.clock = clock;
        this.interval = interval;
    }

    /** From {@code ticker.interval}; an interval of zero means the ticker never starts. */
    public static Ticker fromConfig(RapportClient client, RapportConfig config) {
        return new Ticker(client, Clock.systemUTC(), config.duration("ticker.interval"));
    }

    public boolean enabled() {
        return !interval.isZero() && !interval.isNegative();
    }

    /** Starts ticking (first tick after one interval); does nothing when disabled. */
    public synchronized Ticker start() {
        if (enabled() && scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-ticker");
                t.setDaemon(true);
                return t;
            });
            long millis = interval.toMillis();
            scheduler.scheduleAtFixedRate(this::tickQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Publishes one tick now; returns its instant. */
    public Instant tick() {
        Instant now = clock.instant();
        client.publishTick(now);
        return now;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("tick failed, the next one will catch up: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
