package org.rapport.streams.indicators.training;

import org.rapport.avro.SessionEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;

/**
 * One record of the training-effects stage's three inputs, merged on its single partition: a client's row
 * (keyed by row key; null deletes it), a session's standing event (keyed session_id: who led it, in which program)
 * or a training completion (keyed by counselor; null is a tick).
 */
record StageInput(Kind kind, TrainingContribution row, SessionEvent session, TrainingEvent training) {

    enum Kind { ROW, SESSION, TRAINING }

    static StageInput row(TrainingContribution row) {
        return new StageInput(Kind.ROW, row, null, null);
    }

    static StageInput session(SessionEvent session) {
        return new StageInput(Kind.SESSION, null, session, null);
    }

    static StageInput training(TrainingEvent training) {
        return new StageInput(Kind.TRAINING, null, null, training);
    }
}
