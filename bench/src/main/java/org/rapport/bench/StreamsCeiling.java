package org.rapport.bench;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.config.RapportConfig;
import org.rapport.streams.StreamsSettings;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * The Streams ceiling: the least a stateful Kafka Streams application can do with Rapport's input — one
 * {@code count()} per key (per client; sessions by session id, trainings by counselor, ticks under their own key) over
 * every input topic, with Rapport's own Streams settings (guarantee, commit interval, cache, topic configs). Every input
 * record is read, updates one store entry and its changelog, and is committed in a transaction: the gap between
 * this and raw produce+consume is what Kafka Streams itself costs, the gap between this and the pipeline is what
 * Rapport's topology costs.
 */
final class StreamsCeiling implements PipelineRun.Application {

    static final String STORE = "count-per-key";
    private static final byte[] EMPTY = new byte[0];

    private final Properties properties;
    private KafkaStreams streams;

    StreamsCeiling(RapportConfig config) {
        this.properties = StreamsSettings.from(config);
        // Nothing to query, nothing to route to: like a headless instance.
        properties.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    static org.apache.kafka.streams.Topology topology(Properties properties) {
        StreamsBuilder builder = new StreamsBuilder();
        List<String> inputs = Topics.INPUTS.stream().map(Topic::name).toList();
        builder.stream(inputs, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                // Ticks have no value, and an aggregation drops (and warns about) null values: count them too.
                .mapValues(v -> v == null ? EMPTY : v)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        return builder.build(properties);
    }

    @Override
    public synchronized void start() {
        if (streams == null) {
            streams = new KafkaStreams(topology(properties), properties);
            streams.start();
        }
    }

    @Override
    public synchronized KafkaStreams kafkaStreams() {
        return streams;
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(java.time.Duration.ofSeconds(30));
            streams = null;
        }
    }
}
