package org.rapport.streams.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.serde.SpecificAvroDeserializer;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * Reads Rapport's output topics back (read_committed, from the beginning) into the same shape the
 * TopologyTestDriver fixture gives: the latest value per key of each table, and the alerts in effect.
 */
final class OutputTables implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Map<String, Map<String, SpecificRecord>> tables = new TreeMap<>();
    private final Map<String, Alert> alerts = new TreeMap<>();

    OutputTables(String bootstrapServers, String registryUrl) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "output-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        consumer.subscribe(Topics.OUTPUTS.stream().map(Topic::name).toList());
    }

    /** Reads whatever arrived since the last call. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(wait)) {
            if (r.topic().equals(Topics.ALERTS.name())) {
                Alert a = (Alert) r.value();
                if (a.getKind() == AlertKind.RETRACTED) {
                    alerts.remove(a.getRetracts());
                } else {
                    alerts.put(a.getAlertId(), a);
                }
            } else {
                Map<String, SpecificRecord> table = tables.computeIfAbsent(r.topic(), t -> new TreeMap<>());
                if (r.value() == null) {
                    table.remove(r.key());
                } else {
                    table.put(r.key(), r.value());
                }
            }
        }
    }

    Map<String, ? extends SpecificRecord> table(Topic<?> topic) {
        return tables.getOrDefault(topic.name(), Map.of());
    }

    Map<String, Alert> effectiveAlerts() {
        return alerts;
    }

    int size() {
        return tables.values().stream().mapToInt(Map::size).sum() + alerts.size();
    }

    static List<Topic<?>> tableTopics() {
        return List.of(Topics.CLIENT_STATUS, Topics.PROGRAM_WEEKLY, Topics.COHORTS, Topics.ALLIANCE_OUTCOMES,
                Topics.COUNSELOR_ALLIANCE, Topics.TRAINING_EFFECTS);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
