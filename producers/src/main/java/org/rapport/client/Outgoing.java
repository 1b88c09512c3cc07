package org.rapport.client;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.topics.Topic;

/** Something ready for Kafka: a validated, pseudonymous event, or a clock tick. */
public sealed interface Outgoing permits Outgoing.Event, Outgoing.Tick {

    /** The Kafka record timestamp: the event's {@code occurred_at}. */
    Instant timestamp();

    /**
     * A validated event.
     *
     * @param topic    its input topic
     * @param key      client_id, session_id for sessions, counselor_id for trainings (SPEC §3)
     * @param value    the Avro value (no client_ref inside)
     * @param clinicId the clinic it belongs to, for permission checks
     */
    record Event(Topic<? extends SpecificRecord> topic, String key, SpecificRecord value, String clinicId,
                 Instant timestamp) implements Outgoing {
    }

    /** A clock tick (SPEC §5.1), published to every partition of every input topic. */
    record Tick(Instant timestamp) implements Outgoing {
    }
}
