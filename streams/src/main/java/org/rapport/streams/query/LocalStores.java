package org.rapport.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.cohorts.CohortTopology;
import org.rapport.streams.indicators.counselor.CounselorAllianceTopology;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;

/**
 * Reads this instance's own partitions of a state store, only while Streams is RUNNING, and partition by
 * partition: every partition the assignment gives this instance must answer (active and caught up — never a
 * stale standby), or the read throws {@link NotReadyException} rather than return part of the data.
 */
public final class LocalStores {

    /** Keys sort as UTF-8 bytes: this is above every character a key of ours contains. */
    static final String HIGHEST = "\uffff";

    /** The stores the query API reads: all of them open means any query can be answered. */
    static final List<String> QUERIED_STORES = List.of(ClientStores.STATUS, ClientStores.ALERTS,
            ProgramWeeklyTopology.STORE, CohortTopology.STORE, CounselorAllianceTopology.STORE,
            AllianceOutcomeTopology.STORE, AllianceOutcomeTopology.STORE_ALL,
            org.rapport.streams.indicators.training.TrainingStores.EFFECTS);

    private final Supplier<KafkaStreams> streams;
    private final StorePartitions storePartitions;
    private final HostInfo self;

    public LocalStores(Supplier<KafkaStreams> streams, StorePartitions storePartitions, HostInfo self) {
        this.streams = streams;
        this.storePartitions = storePartitions;
        this.self = self;
    }

    /** The running Streams instance, or a NotReadyException. */
    public KafkaStreams running() {
        KafkaStreams s = streams.get();
        if (s == null) {
            throw new NotReadyException("the streams application is not started");
        }
        KafkaStreams.State state = s.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReadyException(state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED
                    ? NotReadyException.Status.STARTING : NotReadyException.Status.DOWN,
                    "the streams application is " + state, null);
        }
        return s;
    }

    /**
     * Why a query could not be answered in full right now, or empty when it could: Streams is RUNNING and every
     * partition of every store the API reads that this instance holds is open (not restoring).
     */
    public java.util.Optional<NotReadyException> notReady() {
        try {
            KafkaStreams s = running();
            for (String store : QUERIED_STORES) {
                read(store, () -> {
                    for (int p : activePartitions(s, store)) {
                        partition(s, store, p).approximateNumEntries();
                    }
                    return null;
                });
            }
            running();
            return java.util.Optional.empty();
        } catch (NotReadyException e) {
            return java.util.Optional.of(e);
        }
    }

    /** The value of {@code key} from the partition that holds it, which must be one of this instance's. */
    public <V> V get(String store, String key) {
        KafkaStreams s = running();
        KeyQueryMetadata where = s.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || !self.equals(where.activeHost())) {
            throw new NotReadyException("the partition of " + store + " holding the key is not here");
        }
        return read(store, () -> this.<V>partition(s, store, where.partition()).get(key));
    }

    /** Every entry with a key from {@code from} to {@code to}, both included. */
    public <V> void range(String store, String from, String to, BiConsumer<String, V> each) {
        scan(store, partition -> partition.<V>range(from, to), each);
    }

    /** Every entry whose key starts with {@code prefix}. */
    public <V> void prefix(String store, String prefix, BiConsumer<String, V> each) {
        range(store, prefix, prefix + HIGHEST, each);
    }

    public <V> void all(String store, BiConsumer<String, V> each) {
        scan(store, ReadOnlyKeyValueStore::all, each);
    }

    private <V> void scan(String store, Function<ReadOnlyKeyValueStore<String, V>, KeyValueIterator<String, V>> query,
                          BiConsumer<String, V> each) {
        List<KeyValue<String, V>> entries = read(store, () -> {
            KafkaStreams s = running();
            List<KeyValue<String, V>> found = new ArrayList<>();
            for (int p : activePartitions(s, store)) {
                try (KeyValueIterator<String, V> it = query.apply(this.<V>partition(s, store, p))) {
                    it.forEachRemaining(found::add);
                }
            }
            return found;
        });
        // Re-check after reading: a rebalance that began mid-read would make the answer partial.
        running();
        entries.forEach(e -> {
            if (e.value != null) {
                each.accept(e.key, e.value);
            }
        });
    }

    /** The store's partitions this instance is assigned as active (restoring ones included). */
    private Set<Integer> activePartitions(KafkaStreams s, String store) {
        for (StreamsMetadata instance : s.metadataForAllStreamsClients()) {
            if (instance.hostInfo().equals(self)) {
                return storePartitions.partitionsOf(store, instance.topicPartitions());
            }
        }
        return Set.of();
    }

    private <V> ReadOnlyKeyValueStore<String, V> partition(KafkaStreams s, String store, int partition) {
        return s.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    private static <T> T read(String store, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(NotReadyException.Status.STARTING, "store " + store + " is migrating or restoring: "
                    + e.getMessage(), e);
        }
    }
}
