package org.rapport.streams.indicators.training;

import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;

/**
 * One record of the training-effects stage's three inputs, merged on its single partition: a client's row
 * (keyed by row key; null deletes it), a counselor–program link (keyed {@code counselor|program}: the number of
 * sessions the counselor led there) or a training completion (keyed by counselor; null is a tick).
 */
record StageInput(Kind kind, TrainingContribution row, Long sessions, TrainingEvent training) {

    enum Kind { ROW, LINK, TRAINING }

    static StageInput row(TrainingContribution row) {
        return new StageInput(Kind.ROW, row, null, null);
    }

    static StageInput link(Long sessions) {
        return new StageInput(Kind.LINK, null, sessions, null);
    }

    static StageInput training(TrainingEvent training) {
        return new StageInput(Kind.TRAINING, null, null, training);
    }
}
