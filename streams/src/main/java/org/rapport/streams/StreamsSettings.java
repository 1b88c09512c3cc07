package org.rapport.streams;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.rapport.config.RapportConfig;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.client.MidnightPassSettings;
import org.rapport.streams.clinicfeed.ClinicFeedSettings;
import org.rapport.streams.indicators.training.TrainingEffectsSettings;
import org.rapport.streams.ingest.DeadLetterHandlers;

/** The Kafka Streams properties of Rapport, from {@link RapportConfig}. */
public final class StreamsSettings {

    /** How long a transactional producer waits before resending a batch the broker answered with a retriable error. */
    private static final int TRANSACTION_RETRY_BACKOFF_MS = 10;

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
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                config.string("streams.compression.type"));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), config.integer("streams.linger.ms"));
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
        if (!StreamsConfig.AT_LEAST_ONCE.equals(config.string("streams.processing.guarantee"))) {
            props.putAll(transactionalProducer());
        }
        props.putAll(errorHandling(config.string("schema.registry.url")));
        props.putAll(ClinicFeedSettings.properties(config));
        props.putAll(TrainingEffectsSettings.properties(config));
        props.putAll(MidnightPassSettings.properties(config));
        return props;
    }

    /**
     * The stream threads' transactional producers. Under transactions v2 (Kafka 4's default) a transaction's first
     * produce can arrive while the coordinator is still completing the previous transaction: it is answered
     * CONCURRENT_TRANSACTIONS and retried; every batch pipelined behind it on the same partition (sequence > 0) is
     * then refused with OutOfOrderSequenceException — "Expected sequence 0 for transactions v2 idempotent producer"
     * (KAFKA-18202) — which the broker logs as an ERROR with a stack trace, and is retried with a growing back-off.
     * One request in flight per broker sends nothing behind a batch being retried: nothing is refused, and such a
     * transaction commits sooner. The Streams ceiling and the pipeline showed no change beyond noise (a bare
     * transactional producer loop, 5–10 %; bench/README.md, "Transactions v2 sequence retries"). The short back-off
     * retries as soon as the coordinator is done, within milliseconds, instead of after 100 ms (as RapportClient).
     */
    static Properties transactionalProducer() {
        Properties props = new Properties();
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), TRANSACTION_RETRY_BACKOFF_MS);
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
