package org.rapport.streams.query;

/** A query parameter that cannot be understood: {@code 400} with the reason. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
