package org.rapport.launcher.local;

import java.util.List;
import java.util.Optional;
import org.rapport.config.RapportConfig;

/**
 * One part of the local platform (broker, topics, registry, later streams, gateway, dashboard,
 * simulator). Components start in order, each receiving the configuration as the previous ones left
 * it, and stop in reverse order.
 */
public interface Component {

    /** A short name for logs and errors. */
    String name();

    /**
     * Starts the component.
     *
     * @return the configuration with whatever this component adds for the next ones (e.g. the
     *         broker's actual address); {@code config} itself when nothing changes
     */
    RapportConfig start(RapportConfig config) throws Exception;

    /** Lines for the start-up summary: what runs where. */
    List<String> describe();

    /**
     * Why the component does not do its job yet although it started (e.g. Streams still rebalancing or restoring),
     * or empty when it does. The platform says it is up only once every component is ready.
     */
    default Optional<String> notReady() {
        return Optional.empty();
    }

    /** Stops the component; called once, only after a successful {@link #start}. */
    void stop();
}
