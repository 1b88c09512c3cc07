package org.rapport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.LevelOfCare;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.topics.Topics;

/**
 * Avro events in the Confluent wire format through the cluster and back. The wire format is written
 * by hand here (byte 0, 4-byte big-endian schema id, Avro binary) with the id from a raw registration.
 */
class AvroRoundTripTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void episodeEventsGoInAsWireFormatAvroAndComeBackEqual() throws Exception {
        CLUSTER.provisionRapportTopics();
        assertThat(CLUSTER.admin().listTopics().names().get()).contains(Topics.EPISODES.name());
        String topic = Topics.EPISODES.name();
        int schemaId = register(Topics.EPISODES.valueSubject(), EpisodeEvent.getClassSchema());

        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        List<EpisodeEvent> sent = List.of(
                episode("e1", "c-1", EpisodeAction.ADMITTED, null, t0),
                episode("e2", "c-2", EpisodeAction.ADMITTED, null, t0.plusSeconds(60)),
                episode("e3", "c-1", EpisodeAction.DISCHARGED, DischargeReason.COMPLETED, t0.plusSeconds(86_400)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (EpisodeEvent e : sent) {
                producer.send(new ProducerRecord<>(topic, null, e.getOccurredAt().toEpochMilli(), e.getClientId(),
                        wireFormat(schemaId, e))).get();
            }
        }

        List<ConsumerRecord<String, byte[]>> received = readAll(topic, 3);
        assertThat(received).hasSize(3);
        List<EpisodeEvent> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : received) {
            ByteBuffer bytes = ByteBuffer.wrap(record.value());
            assertThat(bytes.get()).isEqualTo((byte) 0);
            int id = bytes.getInt();
            assertThat(id).isEqualTo(schemaId);
            Schema writer = new Schema.Parser().parse(schemaById(id));
            EpisodeEvent event = new SpecificDatumReader<EpisodeEvent>(writer, EpisodeEvent.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(record.value(), 5, record.value().length - 5, null));
            assertThat(record.key()).isEqualTo(event.getClientId());
            assertThat(record.timestamp()).isEqualTo(event.getOccurredAt().toEpochMilli());
            decoded.add(event);
        }
        assertThat(decoded).containsExactlyInAnyOrderElementsOf(sent);
        // Both events of client c-1 share a partition, in the order they were produced.
        assertThat(received.stream().filter(r -> r.key().equals("c-1")).map(ConsumerRecord::partition).distinct())
                .hasSize(1);
        assertThat(decoded.stream().filter(e -> e.getClientId().equals("c-1")).map(EpisodeEvent::getEventId))
                .containsExactly("e1", "e3");
    }

    @Test
    void rapportsSerdeWritesWhatTheRegistryAndAHandDecoderAgreeOnAndReadsItBack() throws Exception {
        CLUSTER.provisionRapportTopics();
        String topic = Topics.ATTENDANCE.name();   // a topic of its own: the other test counts the episodes
        AttendanceEvent event = AttendanceEvent.newBuilder().setEventId("a-serde").setClinicId("clinic-a")
                .setProgramId("prog-1").setSessionId("s-1").setClientId("c-9").setStatus(AttendanceStatus.LATE)
                .setOccurredAt(Instant.parse("2026-03-03T09:00:00Z")).setRecordedAt(null).build();
        try (SpecificAvroSerde<AttendanceEvent> serde = SpecificAvroSerde.forTopic(Topics.ATTENDANCE, CLUSTER.config())) {
            byte[] bytes = serde.serializer().serialize(topic, event);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, event.getClientId(), bytes)).get();
            }
            ConsumerRecord<String, byte[]> record = readUntil(topic, r -> r.key().equals("c-9"));
            ByteBuffer wire = ByteBuffer.wrap(record.value());
            assertThat(wire.get()).isEqualTo((byte) 0);
            int id = wire.getInt();
            // the id the serde registered is the registry's id for exactly this schema
            assertThat(new Schema.Parser().parse(schemaById(id))).isEqualTo(AttendanceEvent.getClassSchema());
            assertThat(serde.deserializer().deserialize(topic, record.value())).isEqualTo(event);
        }
    }

    @Test
    void theBackendFollowsDockerAvailabilityUnlessForced() {
        String forced = System.getProperty(KafkaClusterExtension.BACKEND_PROPERTY, "auto");
        boolean expected = forced.equals("docker")
                || forced.equals("auto") && org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        assertThat(CLUSTER.runsInDocker()).isEqualTo(expected);
        assertThat(CLUSTER.config().string("bootstrap.servers")).isEqualTo(CLUSTER.bootstrapServers());
    }

    private static EpisodeEvent episode(String eventId, String client, EpisodeAction action, DischargeReason reason,
                                        Instant at) {
        return EpisodeEvent.newBuilder().setEventId(eventId).setClinicId("clinic-a").setProgramId("prog-1")
                .setClientId(client).setAction(action).setLevelOfCare(LevelOfCare.OUTPATIENT)
                .setDischargeReason(reason).setOccurredAt(at).setRecordedAt(null).build();
    }

    private static byte[] wireFormat(int schemaId, EpisodeEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(EpisodeEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static ConsumerRecord<String, byte[]> readUntil(String topic,
                                                           java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no such record on " + topic);
    }

    private static int register(String subject, Schema schema) throws Exception {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(CLUSTER.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    private static String schemaById(int id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(CLUSTER.schemaRegistryUrl() + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("schema").asText();
    }
}
