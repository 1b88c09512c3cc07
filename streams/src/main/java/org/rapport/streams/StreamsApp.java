package org.rapport.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.rules.Rules;
import org.rapport.topics.Topic;
import org.rapport.validation.EventValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rapport Kafka Streams application: the topology with its settings, one shared registry client for
 * every public topic's serde, and a clean start/stop. The query API reads its state stores.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Properties properties;
    private KafkaStreams streams;

    public StreamsApp(RapportConfig config) {
        this(config, HttpSchemaRegistryClient.fromConfig(config));
    }

    public StreamsApp(RapportConfig config, SchemaRegistryClient registry) {
        boolean autoRegister = config.bool("serde.auto.register.schemas");
        TopicSerdes serdes = new TopicSerdes() {
            @Override
            public <V extends SpecificRecord> Serde<V> of(Topic<V> topic) {
                return SpecificAvroSerde.forTopic(topic, registry, autoRegister);
            }
        };
        this.properties = StreamsSettings.from(config);
        this.topology = new RapportTopology(Rules.from(config), EventValidator.fromConfig(config), serdes,
                Clock.systemUTC()).build(properties);
    }

    /**
     * An instance that serves no queries ({@code rapport streams}, the fault tests' JVMs): it advertises no
     * {@code application.server}, so instances that do serve the API never route a query to it.
     */
    public static StreamsApp headless(RapportConfig config) {
        return headless(config, HttpSchemaRegistryClient.fromConfig(config));
    }

    public static StreamsApp headless(RapportConfig config, SchemaRegistryClient registry) {
        StreamsApp app = new StreamsApp(config, registry);
        app.properties.remove(org.apache.kafka.streams.StreamsConfig.APPLICATION_SERVER_CONFIG);
        return app;
    }

    public Topology topology() {
        return topology;
    }

    public synchronized void start() {
        if (streams != null) {
            return;
        }
        streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        LOG.info("Rapport streams started (application.id={})", properties.get("application.id"));
    }

    /** The running Kafka Streams instance (for interactive queries and metrics); null before start. */
    public synchronized KafkaStreams kafkaStreams() {
        return streams;
    }

    public boolean isRunning() {
        KafkaStreams s = kafkaStreams();
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Stops Streams and leaves the consumer group, so that a restarted instance (or the others) rebalance at once
     * instead of waiting {@code session.timeout.ms} for this member to be declared dead (issue 12).
     */
    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT));
            streams = null;
        }
    }
}
