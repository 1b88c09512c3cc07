package org.rapport.registry.client;

/**
 * A schema registry call that failed: either the registry answered with an error, or no registry
 * could be reached at all.
 *
 * <p>When the registry answered, {@link #httpStatus()} is the HTTP status and {@link #errorCode()} the
 * Confluent {@code error_code} of the body (e.g. {@code 40401} subject not found, {@code 40403} schema
 * not found, {@code 409} incompatible schema, {@code 42201} invalid schema). When no registry answered,
 * both are {@link #UNREACHABLE} and the message names every URL tried.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Status and error code of a registry that could not be reached. */
    public static final int UNREACHABLE = -1;

    /** Confluent error code: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the version does not exist. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: the schema (by id, or under a subject) does not exist. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status the registry answered with, or {@link #UNREACHABLE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} (the HTTP status when the body had none), or {@link #UNREACHABLE}. */
    public int errorCode() {
        return errorCode;
    }

    /** True for "no such schema / subject / version" answers. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
