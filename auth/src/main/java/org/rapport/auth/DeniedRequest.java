package org.rapport.auth;

import java.time.Instant;

/**
 * One refused request for the audit log (SPEC §7): who, what, when and why — never the body or the
 * query string, which may hold client record numbers.
 *
 * @param at     when it was refused
 * @param who    the token's name, or {@code anonymous}
 * @param method the HTTP method
 * @param path   the path, without the query string
 * @param status 401 or 403
 * @param reason why, in words
 * @param remote the caller's address
 */
public record DeniedRequest(Instant at, String who, String method, String path, int status, String reason,
                            String remote) {

    /** One log line, key=value, with the free-text reason last. */
    public String toLogLine() {
        return "denied status=" + status + " who=" + who + " method=" + method + " path=" + path
                + " remote=" + remote + " at=" + at + " reason=\"" + reason + "\"";
    }
}
