package org.rapport.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/** Bytes on the broker per topic (from {@code describeLogDirs}), to show where a run's writes go. */
final class TopicBytes {

    private TopicBytes() {
    }

    /** Topic → bytes in its partitions on every broker. */
    static Map<String, Long> snapshot(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        var brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get();
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                    bytes.merge(r.getKey().topic(), r.getValue().size(), Long::sum);
                }
            }
        }
        return bytes;
    }

    /**
     * What an application wrote between two snapshots, grouped: its changelogs, its repartition (and join
     * subscription) topics, the output topics (dead letters included).
     */
    static Map<String, Long> written(Map<String, Long> before, Map<String, Long> after, String applicationId) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((topic, bytes) -> delta.put(topic, bytes - before.getOrDefault(topic, 0L)));
        return grouped(delta, applicationId, LARGEST_SHOWN);
    }

    /**
     * Per-topic amounts of an application grouped: its changelogs, its repartition (and join subscription) topics,
     * the output topics (dead letters included); then the {@code largest} internal topics by name, so a change to
     * the topology shows its effect. Input topics and other applications' topics are left out.
     */
    static Map<String, Long> grouped(Map<String, Long> perTopic, String applicationId, int largest) {
        Map<String, Long> groups = new LinkedHashMap<>();
        groups.put("changelog", 0L);
        groups.put("repartition", 0L);
        groups.put("output", 0L);
        Map<String, Long> internal = new HashMap<>();
        for (Map.Entry<String, Long> t : perTopic.entrySet()) {
            String name = t.getKey();
            if (name.startsWith(applicationId + "-")) {
                groups.merge(name.endsWith("-changelog") ? "changelog" : "repartition", t.getValue(), Long::sum);
                internal.put(name.substring(applicationId.length() + 1), t.getValue());
            } else if (Topics.ALL.stream().filter(x -> x.role() != Topic.Role.INPUT).anyMatch(x -> x.name().equals(name))) {
                groups.merge("output", t.getValue(), Long::sum);
            }
        }
        internal.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(largest)
                .forEach(e -> groups.put("largest " + e.getKey(), e.getValue()));
        return groups;
    }

    private static final int LARGEST_SHOWN = 12;

    /** Bytes in the input topics. */
    static long inputs(Map<String, Long> snapshot) {
        return Topics.INPUTS.stream().mapToLong(t -> snapshot.getOrDefault(t.name(), 0L)).sum();
    }
}
