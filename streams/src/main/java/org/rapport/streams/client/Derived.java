package org.rapport.streams.client;

import org.apache.avro.specific.SpecificRecord;

/**
 * What the client processor sends downstream: one output record of a given kind. The topology splits the
 * stream by {@link Kind} and sends each kind to its table or topic; a null value retracts a fact row.
 */
public record Derived(Kind kind, SpecificRecord value) {

    /** The downstream destinations. */
    public enum Kind { STATUS, ALERT, DEAD_LETTER, WEEKLY_FACT, WEEKLY_SESSION_FACT, EPISODE_FACT, ALLIANCE_FACT,
        ALLIANCE_SESSION_FACT, COUNSELOR_FACT, TRAINING_CONTRIBUTION }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T as(Class<T> type) {
        return (T) value;
    }
}
