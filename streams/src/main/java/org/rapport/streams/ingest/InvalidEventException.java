package org.rapport.streams.ingest;

/** An event that fails validation; its message is the field-level reason that goes into the dead letter. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
