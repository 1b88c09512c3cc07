package org.rapport.launcher.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.rapport.config.RapportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts components in order, stops the started ones in reverse, even when a later one fails to start. */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    private final List<Component> components;
    private final Deque<Component> started = new ArrayDeque<>();
    private RapportConfig config;
    private long startMillis;

    public LocalPlatform(RapportConfig config, List<Component> components) {
        this.config = config;
        this.components = List.copyOf(components);
    }

    /** Starts everything; on failure stops what already started and rethrows. */
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
        startMillis = (System.nanoTime() - begin) / 1_000_000;
        return config;
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
