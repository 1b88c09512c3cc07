package org.rapport.topics;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic, declared once: its name, what its keys are, the Avro class of its values and how
 * the broker should keep it. Producers, the topology, the local platform and the tests all use these
 * descriptors; no topic name appears as a literal anywhere else.
 *
 * @param name       the topic name
 * @param role       input, output or dead letter
 * @param keyMeaning what the (string) key holds, for documentation and {@code rapport topics --describe}
 * @param valueClass the generated Avro class of the values
 * @param compacted  true for latest-state-per-key tables (cleanup.policy=compact)
 */
public record Topic<V extends SpecificRecord>(String name, Role role, String keyMeaning, Class<V> valueClass,
                                              boolean compacted) {

    /** How a topic is used. */
    public enum Role { INPUT, OUTPUT, DEAD_LETTER, INTERNAL }

    /** Confluent's TopicNameStrategy: the registry subject of the value schema. */
    public String valueSubject() {
        return name + "-value";
    }

    /** The Avro schema of the values, from the generated class. */
    public Schema valueSchema() {
        try {
            return (Schema) valueClass.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(valueClass + " is not an Avro-generated class", e);
        }
    }

    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }
}
