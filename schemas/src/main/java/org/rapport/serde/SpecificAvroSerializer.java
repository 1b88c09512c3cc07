package org.rapport.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryException;

/**
 * Writes Avro-generated records in the Confluent wire format ({@link WireFormat}): the record's own
 * schema is registered (or, with {@code auto.register.schemas=false}, looked up) under the subject
 * {@code <topic>-value} ({@code <topic>-key} for keys), Confluent's TopicNameStrategy, and its id
 * prefixes the Avro binary. A drop-in for Confluent's {@code KafkaAvroSerializer} with specific records,
 * which is not on Maven Central.
 *
 * <p>Settings of {@link #configure}: {@code schema.registry.url} (unless a client was given to the
 * constructor), {@code auto.register.schemas} (default true), and optionally
 * {@code schema.registry.connect.timeout.ms} / {@code schema.registry.request.timeout.ms}.
 * Null serializes to null (a tombstone). Registry failures surface as {@link SerializationException}; a record
 * that cannot be encoded (a value out of its type's range, a null in a required field) as its subclass
 * {@link RecordEncodingException}, after which nothing of it is kept: each thread's encoder and buffer are
 * dropped on any failure, so no byte of one record can reach another. Thread-safe once configured.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<String, TopicSchemaId> lastIds = new ConcurrentHashMap<>();

    /** Reused per thread (Kafka's producer and stream threads are long-lived); discarded after any failure. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** For Kafka's by-class-name instantiation: {@link #configure} must give {@code schema.registry.url}. */
    public SpecificAvroSerializer() {
    }

    /** Uses (and shares) an existing client; {@link #configure} is then optional (defaults: value, auto-register). */
    public SpecificAvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = RegistryConfigs.autoRegister(configs);
        if (registry == null) {
            registry = RegistryConfigs.client(configs);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(): no schema registry");
        }
        Schema schema = data.getSchema();
        int schemaId = schemaId(topic, schema);
        Buffers buffers = BUFFERS.get();
        boolean written = false;
        try {
            buffers.out.reset();
            buffers.out.write(WireFormat.MAGIC_BYTE);
            buffers.out.write(schemaId >>> 24);
            buffers.out.write(schemaId >>> 16);
            buffers.out.write(schemaId >>> 8);
            buffers.out.write(schemaId);
            buffers.encoder = EncoderFactory.get().binaryEncoder(buffers.out, buffers.encoder);
            writer(data).write(data, buffers.encoder);
            buffers.encoder.flush();
            written = true;
        } catch (IOException | RuntimeException e) {
            throw new RecordEncodingException("Could not write a " + schema.getFullName() + " to topic " + topic
                    + " as Avro: " + e.getMessage(), e);
        } finally {
            if (!written) {
                // A failed write leaves the half-written record in the encoder's buffer, and reusing the encoder
                // would flush those bytes in front of the next record (whoever sent it): drop both.
                BUFFERS.remove();
            }
        }
        byte[] bytes = buffers.out.toByteArray();
        if (bytes.length > MAX_KEPT_BUFFER) {
            BUFFERS.remove(); // don't keep one huge record's buffer for the life of the thread
        }
        return bytes;
    }

    /** The registry subject of {@code topic}'s values (or keys). */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    private int schemaId(String topic, Schema schema) {
        // Hot path: the same topic and schema instance as last time, no subject string, no registry cache.
        TopicSchemaId last = lastIds.get(topic);
        if (last != null && last.schema() == schema) {
            return last.id();
        }
        int id = lookUpSchemaId(topic, schema);
        lastIds.put(topic, new TopicSchemaId(schema, id));
        return id;
    }

    private int lookUpSchemaId(String topic, Schema schema) {
        String subject = subject(topic);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
        } catch (SchemaRegistryException e) {
            String hint = !autoRegister && e.isNotFound()
                    ? " (auto.register.schemas=false: register the schema first)" : "";
            throw new SerializationException("Could not " + (autoRegister ? "register" : "look up")
                    + " the schema of " + schema.getFullName() + " under subject " + subject + hint + ": "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writer(T data) {
        // The class's own model carries the logical-type conversions (Instant, LocalDate) it was generated with.
        return writers.computeIfAbsent(data.getSchema(),
                schema -> new SpecificDatumWriter<>(schema, SpecificData.getForClass((Class<T>) data.getClass())));
    }

    private record TopicSchemaId(Schema schema, int id) {
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
    }
}
