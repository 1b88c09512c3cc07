package org.rapport.streams.client;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rapport.avro.Alert;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.internal.ClientHistory;
import org.rapport.streams.serde.InternalAvroSerde;

/** The state stores of the client processor; the status and alert stores also serve the query API. */
public final class ClientStores {

    public static final String HISTORY = "client-history";
    public static final String STATUS = "client-status";
    public static final String ALERTS = "client-alerts";
    public static final String CLOCK = "client-clock";
    public static final String WAKES = "client-wakes";

    private ClientStores() {
    }

    public static StoreBuilder<KeyValueStore<String, ClientHistory>> history() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY), Serdes.String(),
                InternalAvroSerde.of(ClientHistory.class));
    }

    public static StoreBuilder<KeyValueStore<String, ClientStatus>> status() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS), Serdes.String(),
                InternalAvroSerde.of(ClientStatus.class));
    }

    /** Alerts in effect, by alert_id. */
    public static StoreBuilder<KeyValueStore<String, Alert>> alerts() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS), Serdes.String(),
                InternalAvroSerde.of(Alert.class));
    }

    public static StoreBuilder<KeyValueStore<String, Long>> clock() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOCK), Serdes.String(), Serdes.Long());
    }

    public static StoreBuilder<KeyValueStore<String, String>> wakes() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAKES), Serdes.String(), Serdes.String());
    }
}
