package org.rapport.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.transaction.TransactionState;
import org.junit.jupiter.api.Test;

/**
 * How a hanging transaction is completed: as its coordinator decided, read from the coordinator's log. The
 * histories are the records a coordinator writes for one transactional id (Kafka's transactions v2 bumps the
 * producer epoch at every commit or abort).
 */
class TransactionOutcomesTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("app-store-changelog", 0);
    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 0);
    private static final long PID = 3;

    @Test
    void aTransactionItsCoordinatorPreparedToCommitIsCommitted() {
        // Seen after a kill -9 of the whole local platform: PrepareCommit(1409) was logged, the markers of two
        // partitions were skipped while they had no leader, CompleteCommit followed.
        TransactionOutcomes outcomes = outcomes(
                entry(1407, TransactionState.COMPLETE_COMMIT, Set.of()),
                entry(1407, TransactionState.ONGOING, Set.of(OFFSETS)),
                entry(1408, TransactionState.PREPARE_COMMIT, Set.of(OFFSETS)),
                entry(1408, TransactionState.COMPLETE_COMMIT, Set.of()),
                entry(1408, TransactionState.ONGOING, Set.of(OFFSETS)),
                entry(1408, TransactionState.ONGOING, Set.of(OFFSETS, CHANGELOG)),
                entry(1409, TransactionState.PREPARE_COMMIT, Set.of(OFFSETS, CHANGELOG)),
                entry(1409, TransactionState.COMPLETE_COMMIT, Set.of()),
                entry(1410, TransactionState.EMPTY, Set.of()));

        assertThat(outcomes.committed(open(CHANGELOG, 1408))).isTrue();
        assertThat(outcomes.committed(open(OFFSETS, 1408))).isTrue();
    }

    @Test
    void aTransactionItsCoordinatorAbortedIsAborted() {
        // Ongoing at the kill; on restart the coordinator fenced the producer and aborted.
        TransactionOutcomes outcomes = outcomes(
                entry(1408, TransactionState.ONGOING, Set.of(OFFSETS, CHANGELOG)),
                entry(1410, TransactionState.PREPARE_ABORT, Set.of(OFFSETS, CHANGELOG)),
                entry(1410, TransactionState.COMPLETE_ABORT, Set.of()));

        assertThat(outcomes.committed(open(CHANGELOG, 1408))).isFalse();
    }

    @Test
    void theDecisionThatFollowsTheTransactionCountsNotAnEarlierOneAtTheSameEpoch() {
        // Transactions v1 keeps the epoch: the first transaction committed, the one that wrote the partition aborted.
        TransactionOutcomes outcomes = outcomes(
                entry(7, TransactionState.ONGOING, Set.of(OFFSETS)),
                entry(7, TransactionState.PREPARE_COMMIT, Set.of(OFFSETS)),
                entry(7, TransactionState.COMPLETE_COMMIT, Set.of()),
                entry(7, TransactionState.ONGOING, Set.of(CHANGELOG)),
                entry(7, TransactionState.PREPARE_ABORT, Set.of(CHANGELOG)));

        assertThat(outcomes.committed(open(CHANGELOG, 7))).isFalse();
        assertThat(outcomes.committed(open(OFFSETS, 7))).isTrue();
    }

    @Test
    void withoutARecordOfThePartitionInThatTransactionTheCoordinatorCannotHaveCommittedIt() {
        TransactionOutcomes outcomes = outcomes(
                entry(1408, TransactionState.ONGOING, Set.of(OFFSETS)),
                entry(1409, TransactionState.PREPARE_COMMIT, Set.of(OFFSETS)));

        assertThat(outcomes.committed(open(CHANGELOG, 1408))).as("partition never recorded").isFalse();
        assertThat(outcomes.committed(open(OFFSETS, 1300))).as("another epoch").isFalse();
        assertThat(new TransactionOutcomes(Map.of()).committed(open(OFFSETS, 1408))).as("empty log").isFalse();
    }

    private static TransactionOutcomes outcomes(TransactionOutcomes.Entry... history) {
        return new TransactionOutcomes(Map.of("app-1", List.of(history)));
    }

    private static TransactionOutcomes.Entry entry(int epoch, TransactionState state, Set<TopicPartition> partitions) {
        return new TransactionOutcomes.Entry(PID, PID, (short) epoch, state, partitions);
    }

    private static HangingTransactions.Open open(TopicPartition partition, int epoch) {
        return new HangingTransactions.Open(partition, PID, (short) epoch, 34, 6219);
    }
}
