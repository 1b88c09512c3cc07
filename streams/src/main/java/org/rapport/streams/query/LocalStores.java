package org.rapport.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's own partitions of a state store (active tasks only, never stale standbys), and only
 * while Streams is RUNNING: otherwise, or when a store moves away mid-read, it throws
 * {@link NotReadyException} rather than return part of the data.
 */
public final class LocalStores {

    /** Keys sort as UTF-8 bytes: this is above every character a key of ours contains. */
    static final String HIGHEST = "\uffff";

    private final Supplier<KafkaStreams> streams;

    public LocalStores(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    /** The running Streams instance, or a NotReadyException. */
    public KafkaStreams running() {
        KafkaStreams s = streams.get();
        if (s == null) {
            throw new NotReadyException("the streams application is not started");
        }
        KafkaStreams.State state = s.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("the streams application is " + state);
        }
        return s;
    }

    public <V> V get(String store, String key) {
        try {
            return this.<V>store(store).get(key);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("store " + store + " is migrating", e);
        }
    }

    /** Every entry with a key from {@code from} to {@code to}, both included. */
    public <V> void range(String store, String from, String to, BiConsumer<String, V> each) {
        try (KeyValueIterator<String, V> it = this.<V>store(store).range(from, to)) {
            drain(it, each);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("store " + store + " is migrating", e);
        }
    }

    /** Every entry whose key starts with {@code prefix}. */
    public <V> void prefix(String store, String prefix, BiConsumer<String, V> each) {
        range(store, prefix, prefix + HIGHEST, each);
    }

    public <V> void all(String store, BiConsumer<String, V> each) {
        try (KeyValueIterator<String, V> it = this.<V>store(store).all()) {
            drain(it, each);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("store " + store + " is migrating", e);
        }
    }

    private <V> void drain(KeyValueIterator<String, V> it, BiConsumer<String, V> each) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        it.forEachRemaining(entries::add);
        // Re-check after reading: a rebalance that began mid-read would make the answer partial.
        running();
        entries.forEach(e -> {
            if (e.value != null) {
                each.accept(e.key, e.value);
            }
        });
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
