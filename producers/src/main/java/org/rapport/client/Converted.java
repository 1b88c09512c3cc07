package org.rapport.client;

import java.util.List;
import org.rapport.validation.FieldError;

/** The result of converting one {@link IncomingEvent}: exactly one of a record and errors. */
public record Converted(Outgoing outgoing, List<FieldError> errors) {

    public Converted {
        errors = List.copyOf(errors);
    }

    public static Converted ok(Outgoing outgoing) {
        return new Converted(outgoing, List.of());
    }

    public static Converted failed(List<FieldError> errors) {
        return new Converted(null, errors);
    }

    public boolean isOk() {
        return errors.isEmpty();
    }
}
