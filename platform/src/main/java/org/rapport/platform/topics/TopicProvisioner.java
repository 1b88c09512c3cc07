package org.rapport.platform.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.rapport.config.RapportConfig;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Rapport's topics (idempotently) and describes them. Creation waits until the broker
 * answers {@code listOffsets} for every partition: {@code createTopics} can return before the broker
 * leads the new partitions, and an idempotent producer writing at that moment may never recover.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** What one topic looks like on the cluster. */
    /**
     * @param retentionMs how long the broker keeps records; -1 = forever
     */
    public record TopicState(String name, int partitions, int replicationFactor, String cleanupPolicy,
                             long retentionMs) {
    }

    /**
     * Creates every topic of {@link Topics#ALL} that does not exist yet.
     *
     * @param local true for the local platform ({@code topics.local.partitions}), false for a cluster
     *              ({@code topics.partitions})
     * @return the names of the topics this call created
     */
    public List<String> createAll(RapportConfig config, boolean local) {
        int partitions = config.integer(local ? "topics.local.partitions" : "topics.partitions");
        short replication = (short) config.integer("topics.replication.factor");
        Map<String, String> eventTime = eventTimeConfigs(config);
        List<NewTopic> wanted = Topics.ALL.stream().map(t -> newTopic(t, partitions, replication, eventTime)).toList();
        return create(wanted);
    }

    /** Creates the given topics unless they exist, then waits until every partition is ready. */
    public List<String> create(Collection<NewTopic> topics) {
        Set<String> existing = get(() -> admin.listTopics().names().get());
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> created = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get();
                created.add(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating " + name, e);
            }
        });
        awaitReady(topics.stream().map(NewTopic::name).toList());
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        return created;
    }

    /** Waits until the broker answers {@code listOffsets} for every partition of the named topics. */
    public void awaitReady(Collection<String> topicNames) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                describeTopics(topicNames).values().forEach(d -> d.partitions().forEach(p ->
                        request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                get(() -> admin.listOffsets(request).all().get());
                return;
            } catch (RuntimeException e) {
                last = e;
                sleep(50);
            }
        }
        throw new IllegalStateException("Topics " + topicNames + " not ready after " + READY_TIMEOUT, last);
    }

    /** Every Rapport topic as it exists on the cluster (empty when missing), in declaration order. */
    public Map<String, Optional<TopicState>> describe() {
        List<String> names = Topics.ALL.stream().map(Topic::name).toList();
        Set<String> existing = get(() -> admin.listTopics().names().get());
        List<String> present = names.stream().filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = describeTopics(present);
        Map<String, Config> configs = topicConfigs(present);
        Map<String, Optional<TopicState>> result = new java.util.LinkedHashMap<>();
        for (String name : names) {
            TopicDescription d = descriptions.get(name);
            result.put(name, d == null ? Optional.empty() : Optional.of(new TopicState(name, d.partitions().size(),
                    d.partitions().get(0).replicas().size(), value(configs.get(name), TopicConfig.CLEANUP_POLICY_CONFIG,
                    "delete"), Long.parseLong(value(configs.get(name), TopicConfig.RETENTION_MS_CONFIG, "-1")))));
        }
        return result;
    }

    /**
     * The topic Rapport wants for a descriptor; replication -1 means the broker's default. Records are
     * kept forever: their timestamps are event time, so time-based retention would delete imported
     * history on arrival, and the topics are the system of record the topology rebuilds from.
     */
    public static NewTopic newTopic(Topic<?> topic, int partitions, short replication) {
        return newTopic(topic, partitions, replication, eventTimeConfigs(RapportConfig.defaults()));
    }

    /** With {@code extra} topic configs, e.g. {@link #eventTimeConfigs}. */
    public static NewTopic newTopic(Topic<?> topic, int partitions, short replication, Map<String, String> extra) {
        Map<String, String> configs = new HashMap<>(extra);
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        return new NewTopic(topic.name(), Optional.of(partitions), Optional.of(replication)).configs(configs);
    }

    /**
     * Topic configs for records stamped with event time: {@code segment.ms} far beyond the age of any event (the
     * broker rolls a segment once its first record's timestamp is older than that — with the 7-day default, on
     * nearly every append of a replayed history), and a future-timestamp allowance beyond the ingest tolerance.
     */
    public static Map<String, String> eventTimeConfigs(RapportConfig config) {
        return Map.of(TopicConfig.SEGMENT_MS_CONFIG, config.string("topics.segment.ms"),
                TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, config.string("topics.timestamp.after.max.ms"));
    }

    private Map<String, TopicDescription> describeTopics(Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        return get(() -> admin.describeTopics(names).allTopicNames().get());
    }

    private Map<String, Config> topicConfigs(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = get(() -> admin.describeConfigs(resources).all().get());
        return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private static String value(Config config, String key, String fallback) {
        return Optional.ofNullable(config.get(key)).map(ConfigEntry::value).orElse(fallback);
    }

    private interface KafkaCall<T> {
        T call() throws InterruptedException, ExecutionException;
    }

    private static <T> T get(KafkaCall<T> call) {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
