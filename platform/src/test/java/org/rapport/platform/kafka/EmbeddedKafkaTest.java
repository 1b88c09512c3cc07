package org.rapport.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.platform.topics.TopicProvisioner;

class EmbeddedKafkaTest {

    private static final String TOPIC = "embedded-kafka-test";

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirectoryKeepsClusterTopicsRecordsAndCommittedOffsets() {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            clusterId = kafka.clusterId();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                new TopicProvisioner(admin).create(List.of(new NewTopic(TOPIC, Optional.of(2), Optional.empty())));
            }
            produce(kafka, List.of("a=1", "b=2", "c=3"));
            assertThat(consumeAll(kafka, "group-1")).containsExactlyInAnyOrder("a=1", "b=2", "c=3");
            kafka.close(); // closing twice is harmless
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            produce(kafka, List.of("d=4"));
            // group-1 committed after the first three: it resumes with the fourth only.
            assertThat(consumeAll(kafka, "group-1")).containsExactly("d=4");
            assertThat(consumeAll(kafka, "group-2")).containsExactlyInAnyOrder("a=1", "b=2", "c=3", "d=4");
        }
    }

    @Test
    void aPortInUseIsReportedPlainly() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, taken.getLocalPort()))
                    .hasMessage("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another broker running?)");
        }
    }

    private static void produce(EmbeddedKafka kafka, List<String> pairs) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String pair : pairs) {
                String[] kv = pair.split("=");
                producer.send(new ProducerRecord<>(TOPIC, kv[0], kv[1]));
            }
            producer.flush();
        }
    }

    /** Reads the topic to its current end in a consumer group, committing, and answers key=value pairs. */
    private static List<String> consumeAll(EmbeddedKafka kafka, String group) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !reachedEnd(consumer, end)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(r.key() + "=" + r.value());
                }
            }
            consumer.commitSync();
        }
        return seen;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return consumer.assignment().size() == end.size()
                && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
