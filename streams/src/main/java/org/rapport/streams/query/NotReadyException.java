package org.rapport.streams.query;

/**
 * The answer cannot be complete right now (Streams is starting, rebalancing or restoring, or another instance
 * did not answer): the API says {@code 503} with {@code Retry-After} instead of answering partially.
 */
public final class NotReadyException extends RuntimeException {

    public NotReadyException(String message) {
        super(message);
    }

    public NotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
