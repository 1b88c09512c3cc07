package org.rapport.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rapport.platform.topics.TopicProvisioner;

/**
 * The registry's durable store: a compacted, single-partition {@code _schemas} topic holding JSON
 * records keyed like Confluent's ({@code keytype} SCHEMA or CONFIG). Writes wait for acks=all, so
 * an answered registration survives a crash.
 */
final class SchemaLog implements AutoCloseable {

    static final String TOPIC = "_schemas";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaProducer<String, String> producer;
    private final String bootstrapServers;

    SchemaLog(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicProvisioner(admin).create(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    /** Reads the whole log, oldest first, into {@code state}. */
    void replayInto(SchemaState state) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            while (consumer.position(PARTITION) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record.key(), record.value(), state);
                }
            }
        }
    }

    void appendSchema(RegisteredSchema schema) {
        ObjectNode key = json.createObjectNode().put("keytype", "SCHEMA").put("subject", schema.subject())
                .put("version", schema.version()).put("magic", 1);
        ObjectNode value = json.createObjectNode().put("subject", schema.subject()).put("version", schema.version())
                .put("id", schema.id()).put("schema", schema.schema()).put("deleted", false);
        send(key, value);
    }

    void appendLevel(String subject, CompatibilityLevel level) {
        ObjectNode key = json.createObjectNode().put("keytype", "CONFIG").put("subject", subject).put("magic", 0);
        send(key, json.createObjectNode().put("compatibilityLevel", level.name()));
    }

    private void send(ObjectNode key, ObjectNode value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, key.toString(), value.toString()))
                    .get(WRITE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw RegistryException.storeError("cannot write " + TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted writing " + TOPIC, e);
        }
    }

    private void apply(String keyText, String valueText, SchemaState state) {
        if (keyText == null || valueText == null) {
            return;
        }
        try {
            JsonNode key = json.readTree(keyText);
            JsonNode value = json.readTree(valueText);
            switch (key.path("keytype").asText()) {
                case "SCHEMA" -> state.apply(new RegisteredSchema(value.get("subject").asText(),
                        value.get("version").asInt(), value.get("id").asInt(), value.get("schema").asText()));
                case "CONFIG" -> state.applyLevel(key.path("subject").isTextual() ? key.get("subject").asText() : null,
                        CompatibilityLevel.parse(value.get("compatibilityLevel").asText()));
                default -> { } // keytypes we do not use (NOOP, DELETE_SUBJECT...) change nothing here
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Corrupt record in " + TOPIC + ": " + keyText, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
