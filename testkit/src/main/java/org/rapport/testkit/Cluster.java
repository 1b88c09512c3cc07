package org.rapport.testkit;

/** A running Kafka cluster with a schema registry, however it was started. */
interface Cluster extends AutoCloseable {

    String bootstrapServers();

    String schemaRegistryUrl();

    /** Human-readable, for logs: which backend and where. */
    String describe();

    @Override
    void close();
}
