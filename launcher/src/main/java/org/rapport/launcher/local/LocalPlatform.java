package org.rapport.launcher.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.rapport.config.RapportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts components in order, stops the started ones in reverse, even when a later one fails to start. */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final long READY_POLL_MILLIS = 200;
    private static final long SAY_WAITING_EVERY_NANOS = 15_000_000_000L;

    private final List<Component> components;
    private final Deque<Component> started = new ArrayDeque<>();
    private RapportConfig config;
    private long startMillis;

    public LocalPlatform(RapportConfig config, List<Component> components) {
        this.config = config;
        this.components = List.copyOf(components);
    }

    /**
     * Starts everything, then waits until every component is ready (Streams able to answer queries) or a shutdown
     * begins; on failure stops what already started and rethrows.
     */
    public synchronized RapportConfig start() {
        long begin = System.nanoTime();
        for (Component component : components) {
            try {
                config = component.start(config);
                started.push(component);
            } catch (Exception e) {
                close();
                throw new IllegalStateException("Cannot start " + component.name() + ": " + e.getMessage(), e);
            }
        }
        awaitReady();
        startMillis = (System.nanoTime() - begin) / 1_000_000;
        return config;
    }

    /** Why some component is not ready yet, or empty when all are. */
    public Optional<String> notReady() {
        for (Component component : components) {
            Optional<String> reason = component.notReady();
            if (reason.isPresent()) {
                return Optional.of(component.name() + ": " + reason.get());
            }
        }
        return Optional.empty();
    }

    private void awaitReady() {
        long lastSaid = 0;
        try {
            for (Optional<String> waiting = notReady(); waiting.isPresent() && !LocalRun.shutdownInProgress();
                    waiting = notReady()) {
                if (System.nanoTime() - lastSaid > SAY_WAITING_EVERY_NANOS) {
                    LOG.info("Started; waiting until it can answer queries ({})", waiting.get());
                    lastSaid = System.nanoTime();
                }
                Thread.sleep(READY_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configuration as the components left it: the actual addresses of what runs. */
    public synchronized RapportConfig config() {
        return config;
    }

    public List<Component> components() {
        return components;
    }

    /** What runs where, then the configuration with secrets masked. */
    public synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append("Rapport local platform is up (started in ").append(startMillis).append(" ms)\n");
        for (Component component : components) {
            component.describe().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("Configuration (secrets masked):\n").append(config.describe());
        return out.toString();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            Component component = started.pop();
            try {
                component.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping {} failed", component.name(), e);
            }
        }
    }
}
