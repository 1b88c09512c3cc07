package org.rapport.client;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * The Java client for Rapport's input topics, and the one way events are produced (gateway, importer,
 * simulator). It validates and pseudonymises {@link IncomingEvent}s, serialises them with the
 * registry-aware serde, keys them per SPEC §3, stamps each record with its {@code occurred_at}, and
 * writes each batch in one Kafka transaction: all of it becomes visible, or none.
 *
 * <p>Thread-safe: batches from several threads are written one transaction after the other.
 */
public final class RapportClient implements AutoCloseable {

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final EventConverter converter;
    private Producer<String, byte[]> producer;

    public RapportClient(Supplier<Producer<String, byte[]>> producerFactory,
                         Map<String, Serializer<SpecificRecord>> serializers, EventConverter converter) {
        this.producerFactory = producerFactory;
        this.serializers = Map.copyOf(serializers);
        this.converter = converter;
        this.producer = newProducer();
    }

    /** A client for the configured cluster and registry; {@code pseudonym.secret} must be set. */
    public static RapportClient create(RapportConfig config) {
        return create(config, Clock.systemUTC(), Map.of());
    }

    /**
     * @param producerOverrides extra Kafka producer settings (e.g. security settings of a real cluster)
     */
    public static RapportClient create(RapportConfig config, Clock clock, Map<String, Object> producerOverrides) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(producerOverrides);
        Supplier<Producer<String, byte[]>> factory = () -> {
            Properties p = new Properties();
            p.putAll(props);
            // A fresh id per producer: batches are atomic on their own, so no fencing across restarts is needed.
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rapport-ingest-" + UUID.randomUUID());
            return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        };
        // One registry client for all topics, so they share its schema-id cache.
        SchemaRegistryClient registry = HttpSchemaRegistryClient.fromConfig(config);
        boolean autoRegister = config.bool("serde.auto.register.schemas");
        Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
        for (Topic<? extends SpecificRecord> topic : Topics.INPUTS) {
            serializers.put(topic.name(), serializerFor(topic, registry, autoRegister));
        }
        return new RapportClient(factory, serializers, EventConverter.fromConfig(config, clock));
    }

    public EventConverter converter() {
        return converter;
    }

    /** The pseudonym of a client, as a clinic may ask for its own record numbers. */
    public String clientId(String clinicId, String clientRef) {
        return converter.pseudonymizer().clientId(clinicId, clientRef);
    }

    /** Converts every event without writing anything. */
    public BatchCheck check(List<IncomingEvent> events) {
        return BatchCheck.of(events, converter);
    }

    /**
     * Validates, pseudonymises and writes the events in one transaction.
     *
     * @return the number of records written (ticks count once)
     * @throws RejectedBatchException when any event is invalid; then nothing is written
     */
    public int submit(List<IncomingEvent> events) {
        BatchCheck check = check(events);
        if (!check.allValid()) {
            throw new RejectedBatchException(check.rejections());
        }
        send(check.accepted());
        return check.accepted().size();
    }

    /** Writes already-converted records in one transaction; returns when it is committed. */
    public synchronized void send(List<Outgoing> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (Outgoing out : batch) {
            if (out instanceof Outgoing.Event e) {
                records.add(record(e));
            } else {
                records.addAll(tickRecords(((Outgoing.Tick) out).timestamp()));
            }
        }
        inTransaction(records);
    }

    /** Publishes one tick to every partition of every input topic (SPEC §5.1), in one transaction. */
    public void publishTick(Instant at) {
        send(List.of(new Outgoing.Tick(at)));
    }

    @Override
    public synchronized void close() {
        producer.close();
    }

    private ProducerRecord<String, byte[]> record(Outgoing.Event e) {
        String topic = e.topic().name();
        byte[] value = serializers.get(topic).serialize(topic, e.value());
        return new ProducerRecord<>(topic, null, e.timestamp().toEpochMilli(), e.key(), value);
    }

    private List<ProducerRecord<String, byte[]>> tickRecords(Instant at) {
        List<ProducerRecord<String, byte[]>> ticks = new ArrayList<>();
        for (Topic<? extends SpecificRecord> topic : Topics.INPUTS) {
            int partitions = producer.partitionsFor(topic.name()).size();
            for (int p = 0; p < partitions; p++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(Ticks.HEADER, Ticks.headerValue(at));
                ticks.add(new ProducerRecord<>(topic.name(), p, at.toEpochMilli(), Ticks.KEY, null, headers));
            }
        }
        return ticks;
    }

    private void inTransaction(List<ProducerRecord<String, byte[]>> records) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            // The producer cannot be used again: replace it so the next batch can go through.
            producer.close();
            producer = newProducer();
            throw fatal;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    private Producer<String, byte[]> newProducer() {
        Producer<String, byte[]> created = producerFactory.get();
        created.initTransactions();
        return created;
    }

    private static <T extends SpecificRecord> Serializer<SpecificRecord> serializerFor(
            Topic<T> topic, SchemaRegistryClient registry, boolean autoRegister) {
        Serializer<T> serializer = SpecificAvroSerde.forTopic(topic, registry, autoRegister).serializer();
        return (name, value) -> serializer.serialize(name, topic.valueClass().cast(value));
    }
}
