package org.rapport.streams.client;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rapport.avro.Alert;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.avro.internal.ClientHead;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.avro.internal.WeeklyFact;
import org.rapport.streams.serde.InternalAvroSerde;

/**
 * The state stores of the client stage (SPEC §9): a client's facts as many small entries read by range, small
 * per-episode and per-client summaries of what was derived and sent, and a schedule keyed by due time. No entry
 * grows with the length of a client's history. The status and alert stores also serve the query API.
 */
public final class ClientStores {

    /** {@code client|event_id} → stream time first seen: a repeated event_id changes nothing. */
    public static final String SEEN = "client-seen";
    /** {@code client|time|event_id} → episode event. */
    public static final String EPISODE_EVENTS = "client-episode-events";
    /** {@code client|session_id} → the standing attendance (greatest recorded_at, event_id). */
    public static final String ATTENDANCE = "client-attendance";
    /** {@code client|time|event_id} → the standing attendance, for those that are attended or missed. */
    public static final String OUTCOMES = "client-outcomes";
    /** {@code client|time|event_id} → survey. */
    public static final String SURVEYS = "client-surveys";
    /** {@code client|admission time} → what was derived and sent for the episode. */
    public static final String EPISODES = "client-episodes";
    /** {@code client|admission time|session_id} → the attended-session row sent for the episode (peer support). */
    public static final String ALLIANCE_SESSIONS = "client-alliance-sessions";
    /** {@code client} → the client's running summary. */
    public static final String HEADS = "client-heads";
    /** {@code program|week|client} → the weekly row sent. */
    public static final String WEEKS = "client-weeks";
    /** {@code client|time|fact key} → the counselor row sent, while in the counselor window. */
    public static final String COUNSELOR_ROWS = "client-counselor-rows";
    /** {@code client|time|fact key} → the training-effects row sent (every session outcome and rating). */
    public static final String TRAINING_ROWS = "client-training-rows";
    public static final String STATUS = "client-status";
    /** {@code alert_id} → alert in effect. */
    public static final String ALERTS = "client-alerts";
    public static final String CLOCK = "client-clock";
    /** {@code due time|client|admission time} → nothing: an episode to derive again once stream time passes. */
    public static final String WAKES = "client-wakes";

    private ClientStores() {
    }

    /** Every store, for the topology to add and connect to the client processor. */
    public static List<StoreBuilder<?>> all() {
        return List.of(
                store(SEEN, Serdes.Long(), false),
                store(EPISODE_EVENTS, InternalAvroSerde.of(EpisodeEvent.class), false),
                store(ATTENDANCE, InternalAvroSerde.of(AttendanceEvent.class), false),
                store(OUTCOMES, InternalAvroSerde.of(AttendanceEvent.class), false),
                store(SURVEYS, InternalAvroSerde.of(SurveyEvent.class), false),
                store(EPISODES, InternalAvroSerde.of(EpisodeState.class), true),
                store(ALLIANCE_SESSIONS, InternalAvroSerde.of(AllianceSession.class), false),
                store(HEADS, InternalAvroSerde.of(ClientHead.class), true),
                store(WEEKS, InternalAvroSerde.of(WeeklyFact.class), true),
                store(COUNSELOR_ROWS, InternalAvroSerde.of(CounselorFact.class), false),
                store(TRAINING_ROWS, InternalAvroSerde.of(TrainingContribution.class), false),
                store(STATUS, InternalAvroSerde.of(ClientStatus.class), true),
                store(ALERTS, InternalAvroSerde.of(Alert.class), false),
                store(CLOCK, Serdes.Long(), true),
                inMemory(WAKES, Serdes.String()));
    }

    public static String[] names() {
        return all().stream().map(StoreBuilder::name).toArray(String[]::new);
    }

    /**
     * The wake schedule is a queue: entries are added ahead of stream time and deleted from its front. In RocksDB
     * every deleted entry stays a tombstone until compaction, and each read of the front skips all of them, so the
     * cost per event grew with the history (measured at 10⁶ events: the rate fell from ~1,000 to ~130 records/s with
     * the stream thread in {@code WakeSchedule.due}'s seek). An in-memory sorted map deletes for real; the store is
     * one small entry per episode with a deadline ahead, restored from its changelog at start.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> inMemory(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withCachingDisabled();
    }

    /**
     * Caching on the stores rewritten several times per commit (an episode's state, a client's head, status and
     * weekly rows), so that only their last value per commit reaches the changelog.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values, boolean cached) {
        StoreBuilder<KeyValueStore<String, V>> builder =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
        return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
}
