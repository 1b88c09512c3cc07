package org.rapport.http;

/**
 * Ends a request with a status and {@code {"error": message}}. The message is written for the caller and never
 * carries payload text it was not given by the caller itself.
 */
public class HttpError extends RuntimeException {

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
