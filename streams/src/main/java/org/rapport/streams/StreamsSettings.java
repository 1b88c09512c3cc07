package org.rapport.streams;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.rapport.config.RapportConfig;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.ingest.DeadLetterHandlers;

/** The Kafka Streams properties of Rapport, from {@link RapportConfig}. */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    public static Properties from(RapportConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.string("streams.application.id"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.string("streams.processing.guarantee"));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer("streams.num.threads"));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.integer("streams.replication.factor"));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.longValue("streams.commit.interval.ms"));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.longValue("streams.cache.max.bytes"));
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.integer("streams.session.timeout.ms"));
        if (config.isSet("streams.group.instance.id")) {
            // Static membership: a restart, even after a crash, takes its place back at once (Streams appends the
            // thread number).
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    config.string("streams.group.instance.id"));
        }
        // Internal topics hold event-time timestamps too: without these, a replayed history makes the broker roll
        // a segment of every changelog and repartition topic on nearly every append, and a valid event up to a
        // day ahead is rejected (see topics.segment.ms and topics.timestamp.after.max.ms).
        props.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_MS_CONFIG), config.longValue("topics.segment.ms"));
        props.put(StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                config.longValue("topics.timestamp.after.max.ms"));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer(config));
        props.putAll(errorHandling(config.string("schema.registry.url")));
        return props;
    }

    /** Dead-letter handlers, and the registry their serializer uses. */
    public static Properties errorHandling(String schemaRegistryUrl) {
        Properties props = new Properties();
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        // There are no global tables; enabling it now only silences Kafka's warning about the future default.
        props.put("processing.exception.handler.global.enabled", true);
        props.put(SpecificAvroSerde.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return props;
    }

    /**
     * host:port where other instances reach this one's query API: {@code streams.application.server}, else
     * {@code http.host:http.port}, a wildcard host being replaced by this machine's name.
     */
    public static String applicationServer(RapportConfig config) {
        if (config.isSet("streams.application.server")) {
            return config.string("streams.application.server");
        }
        String host = config.string("http.host");
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return host + ":" + config.integer("http.port");
    }

    public static Path stateDir(RapportConfig config) {
        return config.isSet("streams.state.dir") ? config.path("streams.state.dir")
                : config.path("data.dir").resolve("streams");
    }
}
