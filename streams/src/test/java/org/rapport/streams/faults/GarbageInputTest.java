package org.rapport.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.topics.TopicProvisioner;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.testing.Events;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * On a real broker: garbage bytes, an unknown schema id and an invalid event on every input topic each become a
 * dead letter with the original bytes, coordinates and a reason — and the valid events behind them on the same
 * partitions are processed as usual.
 */
class GarbageInputTest {

    private static final String CLIENT = "after-the-garbage";

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyBadRecordBecomesADeadLetterAndThePipelineKeepsGoing() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "garbage-");
        String registryName = "garbage-" + UUID.randomUUID();
        InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.named(registryName);
        try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrapServers();
            RapportConfig config = RapportConfig.defaults().with(Map.of("bootstrap.servers", bootstrap,
                    "schema.registry.url", InMemorySchemaRegistryClient.URL_SCHEME + registryName,
                    "streams.application.id", "rapport-garbage", "streams.state.dir", work.resolve("state").toString(),
                    "streams.replication.factor", "1"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin).createAll(config, true);
            }
            String client = Events.client(CLIENT);
            Instant future = Instant.now().plus(Duration.ofDays(30));
            byte[] garbage = "this is not Avro".getBytes(StandardCharsets.UTF_8);
            byte[] unknownSchema = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                for (Topic<?> topic : Topics.INPUTS) {
                    producer.send(new ProducerRecord<>(topic.name(), client, garbage));
                    producer.send(new ProducerRecord<>(topic.name(), client, unknownSchema));
                    producer.send(new ProducerRecord<>(topic.name(), client, serialize(registry, topic,
                            inTheFuture(topic, future))));
                }
                // Valid events behind the bad ones, on the same partitions (same key).
                for (SpecificRecord valid : List.of(Events.admitted(CLIENT, "2026-01-05"),
                        Events.attended(CLIENT, "s1", "2026-01-06"), Events.craving(CLIENT, "2026-01-06", 5))) {
                    producer.send(Scenario.record(valid, registry));
                }
                producer.flush();
            }

            try (StreamsApp app = new StreamsApp(config, registry)) {
                app.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                List<DeadLetter> letters = List.of();
                ClientStatus status = null;
                int expected = 3 * Topics.INPUTS.size();
                while ((letters.size() < expected || status == null || status.getCravingLatest() == null)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                    letters = Scenario.readLog(bootstrap, registry, Topics.DEAD_LETTER);
                    status = Scenario.readTable(bootstrap, registry, Topics.CLIENT_STATUS).get(client);
                }
                assertThat(letters).hasSize(expected);
                for (Topic<?> topic : Topics.INPUTS) {
                    List<DeadLetter> mine = letters.stream().filter(l -> l.getSourceTopic().equals(topic.name())).toList();
                    assertThat(mine).as(topic.name()).hasSize(3);
                    assertThat(mine).extracting(DeadLetter::getStage).containsExactlyInAnyOrder(
                            DeadLetterStage.DESERIALIZATION, DeadLetterStage.DESERIALIZATION, DeadLetterStage.VALIDATION);
                    assertThat(mine).allSatisfy(l -> assertThat(l.getReason()).isNotBlank());
                    assertThat(mine).anySatisfy(l -> assertThat(bytes(l.getOriginalValue())).isEqualTo(garbage));
                    assertThat(mine).anySatisfy(l -> assertThat(bytes(l.getOriginalValue())).isEqualTo(unknownSchema));
                    assertThat(mine).filteredOn(l -> l.getStage() == DeadLetterStage.VALIDATION)
                            .singleElement().satisfies(l -> assertThat(l.getReason()).contains("occurred_at"));
                    assertThat(mine).extracting(DeadLetter::getSourceOffset).containsExactlyInAnyOrder(0L, 1L, 2L);
                }
                assertThat(status).as("the valid events behind the bad ones were processed").isNotNull();
                assertThat(status.getEpisodeOpen()).isTrue();
                assertThat(status.getAttended28d()).isEqualTo(1);
                assertThat(status.getCravingLatest()).isEqualTo(5);
            }
        } finally {
            Scenario.deleteRecursively(work);
        }
    }

    /** A well-formed event of the topic's type whose occurred_at lies 30 days ahead of the wall clock. */
    private static SpecificRecord inTheFuture(Topic<?> topic, Instant at) {
        String when = at.toString();
        if (topic == Topics.EPISODES) {
            return EpisodeEvent.newBuilder(Events.admitted(CLIENT, when)).build();
        }
        if (topic == Topics.ATTENDANCE) {
            return AttendanceEvent.newBuilder(Events.attended(CLIENT, "s9", when)).build();
        }
        if (topic == Topics.SURVEYS) {
            return SurveyEvent.newBuilder(Events.craving(CLIENT, when, 2)).build();
        }
        if (topic == Topics.TRAININGS) {
            return Events.training("counselor-1", "empathy-future", org.rapport.avro.Curriculum.EMPATHY, when);
        }
        return SessionEvent.newBuilder(Events.session("s9", "counselor-1", when)).build();
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> byte[] serialize(InMemorySchemaRegistryClient registry, Topic<V> topic,
                                                             SpecificRecord value) {
        return org.rapport.serde.SpecificAvroSerde.forTopic(topic, registry, true).serializer()
                .serialize(topic.name(), (V) value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
