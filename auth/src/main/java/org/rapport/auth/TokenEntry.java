package org.rapport.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the tokens file: a name for audit logs, the SHA-256 (lower-case hex) of the token, and
 * the role in text form (see {@link Role#parse(String)}). The token itself is never stored.
 */
public record TokenEntry(@JsonProperty("name") String name, @JsonProperty("sha256") String sha256,
                         @JsonProperty("role") String role) {
}
