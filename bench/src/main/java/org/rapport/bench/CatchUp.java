package org.rapport.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * Tells when a Streams application has processed everything written so far: its committed offsets reach the end
 * of every topic it reads — the input topics and its own repartition and subscription topics. Under exactly-once
 * a partition's end is often one transaction marker past the last committed record, so a small gap counts as
 * caught up when a read-committed consumer finds no record in it.
 */
final class CatchUp {

    private final Admin admin;
    private final String bootstrap;
    private final String applicationId;

    CatchUp(Admin admin, String bootstrap, String applicationId) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.applicationId = applicationId;
    }

    /** Waits until caught up; returns false on timeout. */
    boolean await(Duration timeout, Duration pollEvery) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (caughtUp()) {
                return true;
            }
            Thread.sleep(pollEvery.toMillis());
        }
        return false;
    }

    boolean caughtUp() {
        try {
            Map<TopicPartition, Long> ends = endOffsets(sourceTopics());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> gaps = new HashMap<>();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                lag += end.getValue() - (c == null ? 0 : c.offset());
            }
            org.slf4j.LoggerFactory.getLogger(CatchUp.class).debug("lag {}", lag);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long at = c == null ? 0 : c.offset();
                long gap = end.getValue() - at;
                if (gap > 2) {
                    return false;
                }
                if (gap > 0) {
                    gaps.put(end.getKey(), at);
                }
            }
            return gaps.isEmpty() || onlyMarkers(gaps, ends);
        } catch (ExecutionException e) {
            return false;   // e.g. the group or an internal topic does not exist yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when no committed record lies between each partition's committed offset and its end. */
    private boolean onlyMarkers(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                    return false;
                }
                boolean allAtEnd = from.keySet().stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
                if (allAtEnd) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The input topics and the application's own repartition/subscription topics (not its changelogs). */
    private List<String> sourceTopics() throws ExecutionException, InterruptedException {
        List<String> topics = new ArrayList<>();
        for (Topic<?> t : Topics.INPUTS) {
            topics.add(t.name());
        }
        for (String name : admin.listTopics().names().get()) {
            if (name.startsWith(applicationId + "-") && !name.endsWith("-changelog")) {
                topics.add(name);
            }
        }
        return topics;
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin.listOffsets(request).all().get();
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
