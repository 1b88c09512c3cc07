package org.rapport.platform.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.coordinator.transaction.TransactionLog;
import org.apache.kafka.coordinator.transaction.TransactionMetadata;
import org.apache.kafka.coordinator.transaction.TransactionState;

/**
 * What the transaction coordinators decided for each transaction, read back from their own log
 * ({@code __transaction_state}): a hanging transaction must be completed the way its coordinator completed the
 * rest of it — committed if the coordinator wrote {@code PrepareCommit}, else aborted.
 */
public final class TransactionOutcomes {

    /** One record of a coordinator's log: a transactional id's state after a transition. */
    public record Entry(long producerId, long previousProducerId, short producerEpoch, TransactionState state,
                        Set<TopicPartition> partitions) {
    }

    /** Each transactional id's records, in log order. */
    private final Map<String, List<Entry>> histories;

    public TransactionOutcomes(Map<String, List<Entry>> histories) {
        this.histories = histories;
    }

    /** Reads every partition of {@code __transaction_state} to its end (none yet: no transaction ever). */
    public static TransactionOutcomes read(String bootstrapServers, Duration timeout) {
        Map<String, List<Entry>> histories = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.TRANSACTION_STATE_TOPIC_NAME, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topic.TRANSACTION_STATE_TOPIC_NAME + " took over " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    add(histories, record);
                }
            }
        }
        return new TransactionOutcomes(histories);
    }

    private static void add(Map<String, List<Entry>> histories, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        TransactionLog.ReadResult read = TransactionLog.read(ByteBuffer.wrap(record.key()),
                record.value() == null ? null : ByteBuffer.wrap(record.value()));
        if (read instanceof TransactionLog.TxnRecord txn) {
            TransactionMetadata m = txn.metadata();
            histories.computeIfAbsent(txn.transactionId(), id -> new ArrayList<>()).add(new Entry(m.producerId(),
                    m.prevProducerId(), m.producerEpoch(), m.state(), Set.copyOf(m.topicPartitions())));
        } else if (read instanceof TransactionLog.TxnTombstone tombstone) {
            histories.remove(tombstone.transactionId());
        }
    }

    /**
     * Whether the transaction open on {@code open.partition()} was committed: its coordinator recorded the partition
     * in an ongoing transaction of that producer and epoch, and the next decision it wrote for the transactional id
     * was {@code PrepareCommit}. Anything else — a later {@code PrepareAbort}, or no record of the partition at all
     * (a coordinator that never knew it cannot have committed it) — means abort.
     */
    public boolean committed(HangingTransactions.Open open) {
        for (List<Entry> history : histories.values()) {
            int ongoing = lastOngoingWith(history, open);
            for (int i = ongoing + 1; ongoing >= 0 && i < history.size(); i++) {
                TransactionState state = history.get(i).state();
                if (state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT) {
                    return state == TransactionState.PREPARE_COMMIT;
                }
            }
        }
        return false;
    }

    private static int lastOngoingWith(List<Entry> history, HangingTransactions.Open open) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Entry e = history.get(i);
            if (e.state() == TransactionState.ONGOING && e.producerEpoch() == open.producerEpoch()
                    && (e.producerId() == open.producerId() || e.previousProducerId() == open.producerId())
                    && e.partitions().contains(open.partition())) {
                return i;
            }
        }
        return -1;
    }

    /** The transactional ids the log holds. */
    public Set<String> transactionalIdSet() {
        return histories.keySet();
    }
}
