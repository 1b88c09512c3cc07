package org.rapport.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.topics.Topic;

/**
 * Serde of Avro-generated records in the Confluent wire format, backed by a schema registry: a
 * {@link SpecificAvroSerializer} and a {@link SpecificAvroDeserializer} sharing one cached
 * {@link SchemaRegistryClient}. Interoperable with Confluent's {@code SpecificAvroSerde}, which is not on
 * Maven Central.
 *
 * <p>Typical use: {@code SpecificAvroSerde.forTopic(Topics.SESSIONS, config)}; or, to share one client
 * between many serdes, {@code new SpecificAvroSerde<>(client, SessionEvent.class)}. Tests without an HTTP
 * registry (TopologyTestDriver) pass an {@link org.rapport.registry.client.InMemorySchemaRegistryClient}.
 *
 * <p>Subjects follow the topic name, so Kafka Streams' internal topics (changelogs, repartitions) get
 * subjects of their own: with {@code auto.register.schemas=false} those must be registered up front too.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** Comma-separated base URLs of the registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** true (default): register the record's schema on first use; false: only look its id up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Optional, milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Optional, milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    private final Class<T> type;
    private SchemaRegistryClient registry;
    private SpecificAvroSerializer<T> serializer;
    private SpecificAvroDeserializer<T> deserializer;

    /** For Kafka's by-class-name instantiation (e.g. {@code default.value.serde}); needs {@link #configure}. */
    public SpecificAvroSerde() {
        this(null, null);
    }

    /** Reads values as {@code type}; needs {@link #configure} with {@code schema.registry.url}. */
    public SpecificAvroSerde(Class<T> type) {
        this(null, type);
    }

    /** Uses an existing client; ready to use as a value serde with auto-registration without {@link #configure}. */
    public SpecificAvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this.type = type;
        this.registry = registry;
        this.serializer = new SpecificAvroSerializer<>(registry);
        this.deserializer = new SpecificAvroDeserializer<>(registry, type);
    }

    /**
     * A configured value serde for {@code topic} with its own client: reads {@code schema.registry.url}
     * (and its timeouts) and {@code serde.auto.register.schemas} from {@code config}.
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forTopic(Topic<T> topic, RapportConfig config) {
        return forTopic(topic, HttpSchemaRegistryClient.fromConfig(config), config.bool("serde.auto.register.schemas"));
    }

    /** A configured value serde for {@code topic} sharing {@code registry}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forTopic(Topic<T> topic, SchemaRegistryClient registry,
                                                                           boolean autoRegister) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, topic.valueClass());
        serde.configure(Map.of(AUTO_REGISTER_SCHEMAS, autoRegister), false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            // One client for both halves, so they share its cache.
            registry = RegistryConfigs.client(configs);
            serializer = new SpecificAvroSerializer<>(registry);
            deserializer = new SpecificAvroDeserializer<>(registry, type);
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
