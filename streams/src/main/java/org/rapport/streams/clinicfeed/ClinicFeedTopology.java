package org.rapport.streams.clinicfeed;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rapport.avro.DeadLetter;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * What each clinic sent and what Rapport refused, for the clinic's own view ({@code GET /v1/clinics/{id}/received}
 * and {@code /rejected}). Two small taps, neither on the indicators' path:
 * <ul>
 *   <li>every valid input event (ticks aside) is counted by clinic, UTC day of {@code occurred_at} and type, in the
 *       store partition of the task that read it — no repartition, so an instance holds partial counts that the
 *       query sums;</li>
 *   <li>{@code rapport.dead-letter.v1} is read back: a dead letter whose original value names a clinic is counted
 *       by clinic, UTC day of failure and type, and kept in a short per-clinic list of the latest ones (reason,
 *       stage, source topic, event id — never the bytes).</li>
 * </ul>
 * State stays bounded: a day older than {@link ClinicFeedSettings#days()} before stream time is dropped once per
 * day of stream time, and at most {@link ClinicFeedSettings#rejectionsKept()} dead letters are kept per clinic and
 * partition. Per event the cost is one cached store read and write.
 */
public final class ClinicFeedTopology {

    /** clinic|day|type → valid events received (client-keyed input topics). */
    public static final String RECEIVED = "clinic-received";
    /** clinic|day|type → valid session events received (the sessions topic has its own tasks). */
    public static final String RECEIVED_SESSIONS = "clinic-received-sessions";
    /** clinic|day|training → valid training events received (the trainings topic has its own tasks). */
    public static final String RECEIVED_TRAININGS = "clinic-received-trainings";
    /** clinic|day|type → dead letters. */
    public static final String REJECTED = "clinic-rejected";
    /** clinic|failed-at millis|source coordinates → the dead letter without its bytes. */
    public static final String REJECTIONS = "clinic-rejections";

    private final TopicSerdes serdes;

    public ClinicFeedTopology(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    /**
     * Adds the counts of the validated client events, sessions and trainings (ticks pass as null values and are not
     * counted) and the dead-letter reader.
     */
    public void addTo(StreamsBuilder builder, KStream<String, ? extends SpecificRecord> validClientEvents,
                      KStream<String, ? extends SpecificRecord> validSessions,
                      KStream<String, ? extends SpecificRecord> validTrainings) {
        builder.addStateStore(counts(RECEIVED));
        builder.addStateStore(counts(RECEIVED_SESSIONS));
        builder.addStateStore(counts(RECEIVED_TRAININGS));
        builder.addStateStore(counts(REJECTED));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REJECTIONS), Serdes.String(),
                InternalAvroSerde.of(DeadLetter.class)));
        count(validClientEvents, RECEIVED);
        count(validSessions, RECEIVED_SESSIONS);
        count(validTrainings, RECEIVED_TRAININGS);
        builder.stream(Topics.DEAD_LETTER.name(), Consumed.with(Serdes.ByteArray(), serdes.of(Topics.DEAD_LETTER))
                        .withName("read-" + Topics.DEAD_LETTER.name()))
                .process(() -> new RejectionRecorder(serdes), Named.as("clinic-feed-rejected"), REJECTED, REJECTIONS);
    }

    private static <V extends SpecificRecord> void count(KStream<String, V> events, String store) {
        events.process(() -> new ReceivedCounter<V>(store), Named.as("count-" + store), store);
    }

    private static StoreBuilder<KeyValueStore<String, Long>> counts(String name) {
        // Cached: a day's count written on every event reaches RocksDB and the changelog once per commit.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }
}
