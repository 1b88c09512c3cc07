package org.rapport.auth;

/** Thrown by {@link HttpAuth} to end a request with 401 or 403; rendered as {@code {"error": ...}}. */
public final class AuthFailure extends RuntimeException {

    private final int status;

    AuthFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
