package org.rapport.ingest.http;

/** Ends a request with a status and {@code {"error": message}}; never carries payload text. */
final class HttpProblem extends RuntimeException {

    private final int status;

    HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
