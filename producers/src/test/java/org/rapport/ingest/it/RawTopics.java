package org.rapport.ingest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics as raw bytes (committed records only), the way an auditor would look at Kafka. */
public final class RawTopics {

    private RawTopics() {
    }

    /** Every committed record of the topics, from the beginning up to the current end offsets. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, Collection<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read up to the end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Reads until {@code done} holds for what has been read (or 20 s pass, then returns the last read):
     * a committed transaction's markers reach the partitions a moment after the producer's commit returns.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readUntil(String bootstrapServers, Collection<String> topics,
                                                                 Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<ConsumerRecord<byte[], byte[]>> records = readAll(bootstrapServers, topics);
            if (done.test(records) || System.nanoTime() > deadline) {
                return records;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return records;
            }
        }
    }

    /** True when {@code needle} occurs as UTF-8 in the record's key, value or any header. */
    public static boolean contains(ConsumerRecord<byte[], byte[]> record, String needle) {
        byte[] bytes = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Predicate<byte[]> has = haystack -> haystack != null && indexOf(haystack, bytes) >= 0;
        if (has.test(record.key()) || has.test(record.value())) {
            return true;
        }
        for (var header : record.headers()) {
            if (has.test(header.value()) || header.key().contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "raw-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
