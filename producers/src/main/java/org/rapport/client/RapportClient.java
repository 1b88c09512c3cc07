package org.rapport.client;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.rapport.serde.RecordEncodingException;
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
 * <p>Thread-safe: it keeps a small pool of transactional producers, so batches from several threads
 * (HTTP requests) are written in parallel transactions, each batch in one.
 */
public final class RapportClient implements AutoCloseable {

    private final Supplier<Producer<String, byte[]>> producerFactory;
    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final EventConverter converter;
    /** Idle producers; a slot whose producer is null gets a new one when next borrowed. */
    private final BlockingQueue<Slot> idle = new LinkedBlockingQueue<>();

    /**
     * @param producers how many transactions may run at once (at least 1)
     */
    public RapportClient(Supplier<Producer<String, byte[]>> producerFactory,
                         Map<String, Serializer<SpecificRecord>> serializers, EventConverter converter,
                         int producers) {
        this.producerFactory = producerFactory;
        this.serializers = Map.copyOf(serializers);
        this.converter = converter;
        idle.add(new Slot(newProducer())); // the first one now, so a cluster that cannot be reached fails fast
        for (int i = 1; i < producers; i++) {
            idle.add(new Slot(null));
        }
    }

    /** A client for the configured cluster and registry; {@code pseudonym.secret} must be set. */
    public static RapportClient create(RapportConfig config) {
        return create(config, Clock.systemUTC(), Map.of(), 1);
    }

    /**
     * @param producerOverrides extra Kafka producer settings (e.g. security settings of a real cluster)
     * @param producers         how many transactions may run at once (the gateway serves parallel requests)
     */
    public static RapportClient create(RapportConfig config, Clock clock, Map<String, Object> producerOverrides,
                                       int producers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Back-to-back transactions meet CONCURRENT_TRANSACTIONS while the last one's markers are written;
        // the default 100 ms back-off would dominate a replay's time.
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        // Under transactions v2 a batch pipelined behind such a retried one (sequence > 0, no producer state yet) is
        // refused as out of order and logged by the broker as an ERROR: one request in flight sends nothing behind it.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
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
        return new RapportClient(factory, serializers, EventConverter.fromConfig(config, clock), producers);
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

    /**
     * Writes already-converted records in one transaction; returns when it is committed.
     *
     * @throws RejectedBatchException when a record cannot be encoded; then nothing is written
     */
    public void send(List<Outgoing> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Slot slot = borrow();
        try {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) instanceof Outgoing.Event e) {
                    records.add(record(e, i));
                } else {
                    records.addAll(tickRecords(slot.producer, ((Outgoing.Tick) batch.get(i)).timestamp()));
                }
            }
            inTransaction(slot, records);
        } finally {
            idle.add(slot);
        }
    }

    /** Publishes one tick to every partition of every input topic (SPEC §5.1), in one transaction. */
    public void publishTick(Instant at) {
        send(List.of(new Outgoing.Tick(at)));
    }

    /** Closes the idle producers; call it once no batch is being sent. */
    @Override
    public void close() {
        for (Slot slot = idle.poll(); slot != null; slot = idle.poll()) {
            if (slot.producer != null) {
                slot.producer.close();
            }
        }
    }

    /**
     * A record that cannot be encoded (validation should have caught it) rejects the batch as bad input, naming the
     * event: retrying the same bytes would fail the same way, so it must not look like a passing Kafka problem.
     */
    private ProducerRecord<String, byte[]> record(Outgoing.Event e, int index) {
        String topic = e.topic().name();
        byte[] value;
        try {
            value = serializers.get(topic).serialize(topic, e.value());
        } catch (RecordEncodingException bad) {
            throw new RejectedBatchException(List.of(new Rejection(index, "",
                    "could not be encoded as Avro (a value outside what its type holds)")));
        }
        return new ProducerRecord<>(topic, null, e.timestamp().toEpochMilli(), e.key(), value);
    }

    private static List<ProducerRecord<String, byte[]>> tickRecords(Producer<String, byte[]> producer, Instant at) {
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

    private static void inTransaction(Slot slot, List<ProducerRecord<String, byte[]>> records) {
        Producer<String, byte[]> producer = slot.producer;
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            // This producer cannot be used again: the slot gets a new one when next borrowed.
            slot.producer = null;
            producer.close();
            throw fatal;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    private Slot borrow() {
        Slot slot;
        try {
            slot = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        }
        if (slot.producer == null) {
            try {
                slot.producer = newProducer();
            } catch (RuntimeException e) {
                idle.add(slot);
                throw e;
            }
        }
        return slot;
    }

    /** A place in the pool. */
    private static final class Slot {
        Producer<String, byte[]> producer;

        Slot(Producer<String, byte[]> producer) {
            this.producer = producer;
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
