package org.rapport.streams.broker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.serde.SpecificAvroSerializer;
import org.rapport.streams.testing.RandomHistory;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/** Writes scenario items to a real broker the way producers do: real serde, event-time timestamps, broadcast ticks. */
final class BrokerFeed implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();

    BrokerFeed(String bootstrapServers, String registryUrl) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        serializer.configure(Map.of("schema.registry.url", registryUrl), false);
    }

    void send(List<RandomHistory.Item> items) {
        for (RandomHistory.Item item : items) {
            if (item.event() == null) {
                tick(item.at());
            } else {
                send(item.event());
            }
        }
        producer.flush();
    }

    void send(SpecificRecord event) {
        Topic<?> topic;
        String key;
        Instant at;
        if (event instanceof EpisodeEvent e) {
            topic = Topics.EPISODES; key = e.getClientId(); at = e.getOccurredAt();
        } else if (event instanceof AttendanceEvent a) {
            topic = Topics.ATTENDANCE; key = a.getClientId(); at = a.getOccurredAt();
        } else if (event instanceof SurveyEvent s) {
            topic = Topics.SURVEYS; key = s.getClientId(); at = s.getOccurredAt();
        } else if (event instanceof SessionEvent s) {
            topic = Topics.SESSIONS; key = s.getSessionId(); at = s.getOccurredAt();
        } else if (event instanceof TrainingEvent t) {
            topic = Topics.TRAININGS; key = t.getCounselorId(); at = t.getOccurredAt();
        } else {
            throw new IllegalArgumentException(String.valueOf(event));
        }
        producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), bytes(key),
                serializer.serialize(topic.name(), event)));
    }

    /** A tick on every partition of every input topic (SPEC §5.1). */
    void tick(Instant at) {
        for (Topic<?> topic : Topics.INPUTS) {
            for (PartitionInfo partition : producer.partitionsFor(topic.name())) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(Ticks.HEADER, Ticks.headerValue(at));
                producer.send(new ProducerRecord<>(topic.name(), partition.partition(), at.toEpochMilli(),
                        bytes(Ticks.KEY), null, headers));
            }
        }
        producer.flush();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
