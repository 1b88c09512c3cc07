package org.rapport.streams.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.testing.FinalTables;
import org.rapport.streams.testing.RandomHistory;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * A random history for the fault tests: what a clean in-order run under TopologyTestDriver ends with, how to
 * write the history to a real broker (ticks on every partition, as the gateway's ticker does), and how to read
 * the output tables back from it.
 */
final class Scenario {

    private final List<RandomHistory.Item> items;

    Scenario(long seed, int clients) {
        this.items = RandomHistory.generate(seed, clients);
    }

    List<RandomHistory.Item> items() {
        return items;
    }

    /** The tables a clean in-order run ends with, the final tick included. */
    FinalTables expected() {
        return FinalTables.replay(items);
    }

    /** Writes items {@code from} (inclusive) to {@code to} (exclusive); ticks go to every input partition. */
    void produce(String bootstrap, SchemaRegistryClient registry, int from, int to) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (RandomHistory.Item item : items.subList(from, to)) {
                if (item.event() == null) {
                    ticks(producer, item.at()).forEach(producer::send);
                } else {
                    producer.send(record(item.event(), registry));
                }
            }
            producer.flush();
        }
    }

    /** The tick at the end of the history, on every input partition. */
    void produceFinalTick(String bootstrap) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            ticks(producer, RandomHistory.END).forEach(producer::send);
            producer.flush();
        }
    }

    /** Polls the output topics until they hold {@code expected}; returns what they last held. */
    static FinalTables awaitTables(String bootstrap, SchemaRegistryClient registry, FinalTables expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        FinalTables actual = read(bootstrap, registry);
        while (!actual.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            actual = read(bootstrap, registry);
        }
        return actual;
    }

    /** Every output table as a read-committed consumer sees it now. */
    static FinalTables read(String bootstrap, SchemaRegistryClient registry) {
        Map<String, Alert> alerts = new TreeMap<>();
        for (Alert a : readLog(bootstrap, registry, Topics.ALERTS)) {
            if (a.getKind() == AlertKind.RETRACTED) {
                alerts.remove(a.getRetracts());
            } else {
                alerts.put(a.getAlertId(), a);
            }
        }
        return new FinalTables(readTable(bootstrap, registry, Topics.CLIENT_STATUS),
                readTable(bootstrap, registry, Topics.PROGRAM_WEEKLY), readTable(bootstrap, registry, Topics.COHORTS),
                readTable(bootstrap, registry, Topics.ALLIANCE_OUTCOMES),
                readTable(bootstrap, registry, Topics.COUNSELOR_ALLIANCE),
                readTable(bootstrap, registry, Topics.TRAINING_EFFECTS), alerts);
    }

    static <V extends SpecificRecord> Map<String, V> readTable(String bootstrap, SchemaRegistryClient registry,
                                                               Topic<V> topic) {
        Map<String, V> table = new TreeMap<>();
        readRecords(bootstrap, registry, topic).forEach(r -> {
            if (r.value() == null) {
                table.remove(r.key());
            } else {
                table.put(r.key(), r.value());
            }
        });
        return table;
    }

    static <V extends SpecificRecord> List<V> readLog(String bootstrap, SchemaRegistryClient registry, Topic<V> topic) {
        return readRecords(bootstrap, registry, topic).stream().map(ConsumerRecord::value).filter(Objects::nonNull)
                .toList();
    }

    private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readRecords(
            String bootstrap, SchemaRegistryClient registry, Topic<V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<V> values = SpecificAvroSerde.forTopic(topic, registry, false).deserializer();
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic.name() + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    V value = r.value() == null ? null : values.deserialize(r.topic(), r.value());
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
                }
            }
        }
        return out;
    }

    static void deleteRecursively(java.nio.file.Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Long enough to ride out a broker restart in the middle of a write.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ProducerRecord<String, byte[]>> ticks(KafkaProducer<String, byte[]> producer, Instant at) {
        List<ProducerRecord<String, byte[]>> ticks = new ArrayList<>();
        for (Topic<?> topic : Topics.INPUTS) {
            int partitions = producer.partitionsFor(topic.name()).size();
            for (int p = 0; p < partitions; p++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(Ticks.HEADER, Ticks.headerValue(at));
                ticks.add(new ProducerRecord<>(topic.name(), p, at.toEpochMilli(), Ticks.KEY, null, headers));
            }
        }
        return ticks;
    }

    static ProducerRecord<String, byte[]> record(SpecificRecord event, SchemaRegistryClient registry) {
        if (event instanceof EpisodeEvent e) {
            return record(Topics.EPISODES, e.getClientId(), e, e.getOccurredAt(), registry);
        }
        if (event instanceof AttendanceEvent a) {
            return record(Topics.ATTENDANCE, a.getClientId(), a, a.getOccurredAt(), registry);
        }
        if (event instanceof SurveyEvent s) {
            return record(Topics.SURVEYS, s.getClientId(), s, s.getOccurredAt(), registry);
        }
        if (event instanceof TrainingEvent t) {
            return record(Topics.TRAININGS, t.getCounselorId(), t, t.getOccurredAt(), registry);
        }
        SessionEvent s = (SessionEvent) event;
        return record(Topics.SESSIONS, s.getSessionId(), s, s.getOccurredAt(), registry);
    }

    private static <V extends SpecificRecord> ProducerRecord<String, byte[]> record(
            Topic<V> topic, String key, V value, Instant at, SchemaRegistryClient registry) {
        byte[] bytes = SpecificAvroSerde.forTopic(topic, registry, true).serializer().serialize(topic.name(), value);
        return new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key, bytes);
    }
}
