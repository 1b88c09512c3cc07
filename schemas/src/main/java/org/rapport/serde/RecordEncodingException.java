package org.rapport.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be written as Avro because of its own content (an instant beyond what
 * {@code timestamp-millis} holds, a null in a required field), as opposed to a registry that cannot be reached.
 * Retrying the same record fails the same way: callers answer it as bad input, never as "try again".
 */
public class RecordEncodingException extends SerializationException {

    public RecordEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
