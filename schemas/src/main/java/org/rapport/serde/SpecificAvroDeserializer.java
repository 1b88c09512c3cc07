package org.rapport.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryException;

/**
 * Reads Confluent-wire-format Avro ({@link WireFormat}) into Avro-generated records. The writer schema
 * is fetched from the registry by the id in the header (once per id) and resolved against the reader
 * schema, the generated class's {@code SCHEMA$}, so records written with an older (or newer) compatible
 * version of the schema read correctly: missing fields take their defaults, unknown fields are skipped.
 * A drop-in for Confluent's {@code KafkaAvroDeserializer} with {@code specific.avro.reader=true}.
 *
 * <p>Null deserializes to null. Bytes not in the wire format, an id the registry does not know, an
 * unreachable registry and undecodable Avro all raise {@link SerializationException} naming the topic
 * (Kafka Streams hands those to the deserialization exception handler, which dead-letters them).
 * Thread-safe once configured.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private SchemaRegistryClient registry;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * For Kafka's by-class-name instantiation: {@link #configure} must give {@code schema.registry.url},
     * and each record is read as the generated class named by its writer schema.
     */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Reads every record as {@code type}; {@link #configure} must give {@code schema.registry.url}. */
    public SpecificAvroDeserializer(Class<T> type) {
        this(null, type);
    }

    /** Reads every record as {@code type} with an existing (shared) client; {@link #configure} is optional. */
    public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        this.type = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = RegistryConfigs.client(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(): no schema registry");
        }
        WireFormat.Framed framed = WireFormat.parse(topic, data);
        DatumReader<T> reader = reader(topic, framed.schemaId());
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not decode a record on topic " + topic + " written with schema id "
                    + framed.schemaId() + ": " + e, e);
        }
    }

    private DatumReader<T> reader(String topic, int schemaId) {
        DatumReader<T> cached = readers.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            String what = e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND
                    ? "unknown schema id " + schemaId : "could not fetch schema id " + schemaId;
            throw new SerializationException("Record on topic " + topic + " has " + what + ": " + e.getMessage(), e);
        }
        Class<T> readClass = type != null ? type : classNamedBy(writer, topic, schemaId);
        SpecificData model = SpecificData.getForClass(readClass);
        DatumReader<T> reader = new SpecificDatumReader<>(writer, model.getSchema(readClass), model);
        readers.putIfAbsent(schemaId, reader);
        return reader;
    }

    @SuppressWarnings("unchecked")
    private Class<T> classNamedBy(Schema writer, String topic, int schemaId) {
        Class<?> named = SpecificData.get().getClass(writer);
        if (named == null || !SpecificRecord.class.isAssignableFrom(named)) {
            throw new SerializationException("Record on topic " + topic + " (schema id " + schemaId + ") is a "
                    + writer.getFullName() + ", for which no Avro-generated class is on the class path");
        }
        return (Class<T>) named;
    }
}
