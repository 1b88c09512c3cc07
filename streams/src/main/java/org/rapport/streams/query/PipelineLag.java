package org.rapport.streams.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.rapport.config.RapportConfig;

/**
 * Whether the Streams application has processed everything written so far: its committed offsets reach the last
 * stable offset of every partition it reads (input and repartition topics alike). A research release is cut only
 * then, so that it never freezes a half-processed state (e.g. right after a start) for a whole interval.
 */
final class PipelineLag implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String applicationId;
    private Admin admin;

    PipelineLag(RapportConfig config) {
        this.bootstrapServers = config.string("bootstrap.servers");
        this.applicationId = config.string("streams.application.id");
    }

    /** True when nothing is left to process; false when something is, or when the cluster cannot say. */
    synchronized boolean caughtUp() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return false;
            }
            var ends = admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return committed.entrySet().stream().allMatch(e -> e.getValue() != null
                    && e.getValue().offset() >= ends.get(e.getKey()).offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(TIMEOUT);
        }
    }
}
