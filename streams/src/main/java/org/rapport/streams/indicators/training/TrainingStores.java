package org.rapport.streams.indicators.training;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.avro.internal.TrainingSums;
import org.rapport.streams.serde.InternalAvroSerde;

/**
 * The state of the training-effects stage (SPEC §5.8). Keys join ids with {@code |}, which no id may contain
 * (SPEC §2), and instants as {@link #time} so that keys sort in time order.
 * <ul>
 *   <li>{@link #ROWS}: row key → the client row, with its counselor once its session is known (to find what a change
 *       replaces);</li>
 *   <li>{@link #SESSIONS}: session_id → {@code counselor|program} of the standing session event;</li>
 *   <li>{@link #TIMELINE}: {@code counselor|time|row key} → 0: a counselor's rows in time order, for windows (the row
 *       itself is read from {@link #ROWS}: kept once, as state grows with rows);</li>
 *   <li>{@link #EPISODES}: {@code counselor|episode|time|row key} → 1 if the episode dropped out, else 0: whether an
 *       episode has a session of the counselor in a window, read without scanning the window;</li>
 *   <li>{@link #EVENTS}: {@code training|counselor|event_id} → the training event (a set: duplicates change nothing);</li>
 *   <li>{@link #INDEX}: the structure, one small entry each: {@code done|T|i} and {@code trained|i|T} → completion
 *       of T by i; {@code sessionRow|session|row key} (the rows of a session, re-attributed when its counselor changes);
 *       {@code sessions|counselor|program} → sessions the counselor led there; {@code curriculum|T} → curriculum ordinal; {@code curriculumTraining|C|T} and
 *       {@code curriculumCounselor|C|i|T}; {@code cp|counselor|program} and {@code pc|program|counselor} (led a
 *       session there); {@code pair|T|i|j} and {@code pairOf|j|T|i} → completion of i: j's rows count in i's windows
 *       of T, as i's own (j = i) or in i's stacked comparison group; {@code last|T} → the latest completion; {@code due|time|T} (the row turns complete);
 *       {@code time} → the stage's stream time; {@code changed|T} (T's row is to be published);</li>
 *   <li>{@link #SUMS}: {@code training|group|window} → the group's sums;</li>
 *   <li>{@link #EFFECTS}: training → the output row last published (what the query API reads);</li>
 *   <li>{@link #SHAPES}: training → its row's shape (curriculum, programs, counselors, dates), metrics empty: what
 *       a publication fills from the sums.</li>
 * </ul>
 */
public final class TrainingStores {

    public static final String ROWS = "training-rows";
    public static final String TIMELINE = "training-timeline";
    public static final String EPISODES = "training-episodes";
    public static final String EVENTS = "training-events";
    public static final String INDEX = "training-index";
    public static final String SUMS = "training-sums";
    public static final String EFFECTS = "training-effects";
    public static final String SESSIONS = "training-sessions";
    public static final String SHAPES = "training-shapes";

    static final String[] NAMES = {ROWS, TIMELINE, EPISODES, EVENTS, INDEX, SUMS, EFFECTS, SESSIONS, SHAPES};

    /** Above every character of our keys, for range ends. */
    static final String HIGHEST = "\uffff";

    private TrainingStores() {
    }

    static List<StoreBuilder<KeyValueStore<String, ?>>> builders() {
        return List.of(store(ROWS, InternalAvroSerde.of(TrainingContribution.class), false),
                store(TIMELINE, Serdes.Long(), false),
                store(EPISODES, Serdes.Long(), false),
                store(EVENTS, InternalAvroSerde.of(TrainingEvent.class), false),
                store(INDEX, Serdes.Long(), true),
                store(SUMS, InternalAvroSerde.of(TrainingSums.class), true),
                store(EFFECTS, InternalAvroSerde.of(TrainingEffect.class), true),
                store(SESSIONS, Serdes.String(), true),
                store(SHAPES, InternalAvroSerde.of(TrainingEffect.class), true));
    }

    /**
     * Caching on the stores whose few keys are rewritten by many rows between two commits — a training's sums and
     * output row, the stage's stream time in the index — and on the session lookup every session row makes, so that
     * only the last value per commit reaches the changelog.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StoreBuilder<KeyValueStore<String, ?>> store(String name, Serde<?> values, boolean cached) {
        StoreBuilder<KeyValueStore<String, ?>> builder = (StoreBuilder) Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), values);
        return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    /** An instant as 20 digits that sort like the instants (the sign bit flipped, read unsigned). */
    static String time(long epochMillis) {
        String digits = Long.toUnsignedString(epochMillis ^ Long.MIN_VALUE);
        return "0".repeat(20 - digits.length()) + digits;
    }
}
