package org.rapport.streams.query;

/**
 * The answer cannot be complete right now (Streams is starting, rebalancing or restoring, or another instance
 * did not answer): the API says {@code 503} with {@code Retry-After} instead of answering partially.
 */
public final class NotReadyException extends RuntimeException {

    /** Why, in the {@code status} field of the 503 body. */
    public enum Status {
        /** Streams is starting, rebalancing or restoring: it will answer by itself shortly. */
        STARTING,
        /** Streams has stopped or failed on this instance: it will not answer until restarted. */
        DOWN,
        /** Another instance holding part of the answer did not answer. */
        UNAVAILABLE
    }

    private final Status status;

    public NotReadyException(String message) {
        this(Status.STARTING, message, null);
    }

    public NotReadyException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
