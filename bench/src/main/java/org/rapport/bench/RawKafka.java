package org.rapport.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * The ceiling: plain Kafka clients producing the workload's serialised records (acks=all, idempotent, as
 * Rapport's client does) and a plain consumer reading them back — no Avro decoding, no processing.
 */
final class RawKafka {

    private RawKafka() {
    }

    /** Produces every record and waits for every acknowledgement; returns the elapsed nanoseconds. */
    static long produce(String bootstrap, List<ProducerRecord<String, byte[]>> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        long elapsed = System.nanoTime() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("Producing the workload failed: " + failure.get().getMessage(), failure.get());
        }
        return elapsed;
    }

    /** Reads the input topics from the beginning until {@code expected} records came; returns the nanoseconds. */
    static long consume(String bootstrap, long expected, Duration timeout) {
        Properties props = consumerProps(bootstrap);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<PartitionInfo>> topics = consumer.listTopics();
            for (Topic<?> topic : Topics.INPUTS) {
                topics.get(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (seen < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Read back only " + seen + " of " + expected + " records");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                seen += batch.count();
            }
        }
        return System.nanoTime() - started;
    }

    /** Distinct keys among the committed records of {@code topic}, read from the beginning to its current end. */
    static long distinctKeys(String bootstrap, String topic, Duration timeout) {
        Set<Bytes> keys = new HashSet<>();
        readWhole(bootstrap, topic, timeout, r -> keys.add(Bytes.wrap(r.key())));
        return keys.size();
    }

    /**
     * {entries, key + value bytes} of the latest value per key of a compacted topic read whole (a null value removes
     * its key): what a key-value store restored from that changelog holds.
     */
    static long[] liveBytes(String bootstrap, String topic, Duration timeout) {
        Map<Bytes, Integer> live = new HashMap<>();
        readWhole(bootstrap, topic, timeout, r -> {
            if (r.value() == null) {
                live.remove(Bytes.wrap(r.key()));
            } else {
                live.put(Bytes.wrap(r.key()), r.key().length + r.value().length);
            }
        });
        return new long[] {live.size(), live.values().stream().mapToLong(Integer::longValue).sum()};
    }

    /** Reads every committed record of the topic, from the beginning to the end it has now. */
    private static void readWhole(String bootstrap, String topic, Duration timeout,
                                  Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return props;
    }

    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return props;
    }
}
