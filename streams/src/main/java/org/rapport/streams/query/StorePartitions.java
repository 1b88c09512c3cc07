package org.rapport.streams.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Which partitions of a state store this instance is assigned as active. A store lives in one subtopology;
 * its partitions are the partitions of that subtopology's source topics. Querying the store partition by
 * partition (rather than "all local partitions") makes a partition still restoring after a rebalance an
 * error — hence a 503 — instead of a silently missing part of the answer.
 */
public final class StorePartitions {

    private final Map<String, Set<String>> sourceTopicsByStore = new HashMap<>();

    public StorePartitions(Topology topology) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            Set<String> sources = new HashSet<>();
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    sources.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            stores.forEach(store -> sourceTopicsByStore.computeIfAbsent(store, s -> new HashSet<>()).addAll(sources));
        }
    }

    /** The source topics of the store's subtopology, as the topology names them (internal ones unprefixed). */
    public Set<String> sourceTopics(String store) {
        Set<String> topics = sourceTopicsByStore.get(store);
        if (topics == null) {
            throw new IllegalArgumentException("no store named " + store + " in the topology");
        }
        return topics;
    }

    /** The store's partitions among an instance's active topic partitions. */
    public Set<Integer> partitionsOf(String store, Collection<TopicPartition> activePartitions) {
        Set<String> sources = sourceTopics(store);
        Set<Integer> partitions = new TreeSet<>();
        for (TopicPartition tp : activePartitions) {
            // Internal topics are prefixed with the application id at run time.
            if (sources.stream().anyMatch(s -> tp.topic().equals(s) || tp.topic().endsWith("-" + s))) {
                partitions.add(tp.partition());
            }
        }
        return partitions;
    }
}
