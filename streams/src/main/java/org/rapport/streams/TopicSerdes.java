package org.rapport.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.rapport.topics.Topic;

/** The registry-backed value serde of each public topic. */
@FunctionalInterface
public interface TopicSerdes {

    <V extends SpecificRecord> Serde<V> of(Topic<V> topic);
}
