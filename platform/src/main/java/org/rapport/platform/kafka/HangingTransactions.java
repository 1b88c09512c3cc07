package org.rapport.platform.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds and aborts <em>hanging</em> transactions (KIP-664): a transaction left open on a partition that no
 * transaction coordinator will ever complete, because the coordinator does not count that partition as part of any
 * open transaction. A hanging transaction pins the partition's last stable offset; on {@code __consumer_offsets} it
 * keeps the group's offsets "unstable", so a {@code read_committed} consumer (Kafka Streams under exactly-once)
 * waits in {@code fetchCommittedOffsets} for ever.
 *
 * <p>The test is Kafka's own ({@code kafka-transactions.sh find-hanging}): {@code describeProducers} lists the open
 * transactions of every partition; {@code listTransactions} maps their producer ids to transactional ids, and
 * {@code describeTransactions} says which partitions the coordinator still means to complete. An open transaction
 * whose producer id no coordinator knows, or whose partition its coordinator does not list, is hanging. Kafka's
 * {@code abortTransaction} would abort it; but a transaction can hang after its coordinator <em>committed</em> it
 * (see {@link #recover()}), so {@link #recover()} writes the marker its coordinator decided
 * ({@link TransactionOutcomes}, {@link TransactionMarkers}).
 *
 * <p>Run it only while no producer of the cluster is writing (the local platform does, before its own clients
 * start): a live producer's transaction is always known to its coordinator, but Kafka's tool also waits for a
 * transaction timeout before calling a transaction hanging, and this check does not.
 */
public final class HangingTransactions {

    /** An open transaction on one partition, as the partition's leader describes it. */
    public record Open(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch,
                       long startOffset) {
        @Override
        public String toString() {
            return partition + " (producer " + producerId + ", epoch " + producerEpoch + ", open since offset "
                    + startOffset + ")";
        }
    }

    /** What a recovery did: the hanging transactions it committed and those it aborted. */
    public record Recovery(List<Open> committed, List<Open> aborted) {
        public boolean isEmpty() {
            return committed.isEmpty() && aborted.isEmpty();
        }
    }

    private static final long POLL_MILLIS = 200;

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;
    private final Map<TopicPartition, Node> leaders = new HashMap<>();

    public HangingTransactions(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Waits until the coordinators have finished what they can finish, finds what still hangs, and completes each
     * hanging transaction the way its coordinator decided ({@link TransactionOutcomes}).
     */
    public Recovery recover() throws InterruptedException, ExecutionException, TimeoutException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitLeaders(deadline);
        if (openTransactions(allPartitions()).isEmpty()) {
            return new Recovery(List.of(), List.of());   // nothing open, nothing can hang: the usual start
        }
        awaitCoordinators(TransactionOutcomes.read(bootstrapServers, timeout), deadline);
        List<Open> hanging = find();
        if (hanging.isEmpty()) {
            return new Recovery(List.of(), List.of());
        }
        TransactionOutcomes outcomes = TransactionOutcomes.read(bootstrapServers, timeout);
        List<Open> committed = new ArrayList<>();
        List<Open> aborted = new ArrayList<>();
        for (Open o : hanging) {
            boolean commit = outcomes.committed(o);
            if (TransactionMarkers.write(leaders.get(o.partition()), o, commit, timeout)) {
                (commit ? committed : aborted).add(o);
            }
        }
        return new Recovery(committed, aborted);
    }

    /** Every partition has a leader: a coordinator that sends markers while one has none skips it for good. */
    private void awaitLeaders(long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        while (!allPartitions().stream().allMatch(leaders::containsKey)) {
            pause(deadline, "partitions without a leader");
        }
    }

    /**
     * The coordinators have loaded their logs (each transactional id can be described) and written the markers of
     * every transaction they had decided (none is still PrepareCommit or PrepareAbort). Before that, a transaction
     * only looks hanging because its coordinator has not yet caught up with it.
     */
    private void awaitCoordinators(TransactionOutcomes log, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (String id : log.transactionalIdSet()) {
            while (!described(id)) {
                pause(deadline, "transaction coordinators loading");
            }
        }
        while (!get(admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(
                TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT))).all()).isEmpty()) {
            pause(deadline, "transactions being completed");
        }
    }

    private boolean described(String transactionalId) throws InterruptedException, TimeoutException {
        try {
            get(admin.describeTransactions(List.of(transactionalId)).description(transactionalId));
            return true;
        } catch (ExecutionException e) {
            return e.getCause() instanceof org.apache.kafka.common.errors.TransactionalIdNotFoundException;
        }
    }

    private void pause(long deadline, String waitingFor) throws InterruptedException, TimeoutException {
        if (System.nanoTime() > deadline) {
            throw new TimeoutException(waitingFor + " after " + timeout);
        }
        Thread.sleep(POLL_MILLIS);
    }

    /** The hanging transactions of every partition of every topic, internal ones included. */
    public List<Open> find() throws InterruptedException, ExecutionException, TimeoutException {
        List<Open> open = openTransactions(allPartitions());
        if (open.isEmpty()) {
            return List.of();
        }
        Set<Long> producerIds = open.stream().map(Open::producerId).collect(Collectors.toSet());
        Collection<TransactionListing> listings = get(admin.listTransactions(
                new ListTransactionsOptions().filterProducerIds(producerIds)).all());
        Map<Long, String> transactionalIds = new HashMap<>();
        listings.forEach(l -> transactionalIds.put(l.producerId(), l.transactionalId()));
        Map<String, TransactionDescription> descriptions = transactionalIds.isEmpty() ? Map.of()
                : get(admin.describeTransactions(transactionalIds.values()).all());
        List<Open> hanging = new ArrayList<>();
        for (Open o : open) {
            String transactionalId = transactionalIds.get(o.producerId());
            TransactionDescription coordinator = transactionalId == null ? null : descriptions.get(transactionalId);
            // The coordinator lists the partitions of its open transaction, and those still waiting for a marker.
            if (coordinator == null || !coordinator.topicPartitions().contains(o.partition())) {
                hanging.add(o);
            }
        }
        return hanging;
    }

    /** Every partition of every topic; remembers the leaders of those that have one. */
    private List<TopicPartition> allPartitions() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        List<TopicPartition> partitions = new ArrayList<>();
        leaders.clear();
        get(admin.describeTopics(topics).allTopicNames()).forEach((name, description) -> description.partitions()
                .forEach(p -> {
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    partitions.add(tp);
                    if (p.leader() != null && !p.leader().isEmpty()) {
                        leaders.put(tp, p.leader());
                    }
                }));
        return partitions;
    }

    private List<Open> openTransactions(List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Open> open = new ArrayList<>();
        Map<TopicPartition, PartitionProducerState> states = get(admin.describeProducers(partitions).all());
        states.forEach((partition, state) -> {
            for (ProducerState producer : state.activeProducers()) {
                producer.currentTransactionStartOffset().ifPresent(start -> open.add(new Open(partition,
                        producer.producerId(), (short) producer.producerEpoch(),
                        producer.coordinatorEpoch().orElse(-1), start)));
            }
        });
        return open;
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
