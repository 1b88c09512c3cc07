package org.rapport.auth;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One refused request for the audit log (SPEC §7): who, what, when and why — never the body or the
 * query string, which may hold client record numbers, and never a value read from the body.
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

    /** Values written bare; anything else is quoted and escaped, so no value can end a field or a line. */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@%+,;=~!$&'()*\\[\\]-]{1,256}");
    private static final int MAX_VALUE_LENGTH = 256;

    /**
     * One log line, key=value, with the free-text reason last. Every value comes from the request in some way (the
     * path, a path parameter inside the reason), so each is escaped: a control, format or separator character is
     * written as {@code \\uXXXX}, a quote or backslash behind a backslash, and a value longer than
     * {@value #MAX_VALUE_LENGTH} characters is cut. A forged line ({@code %0A} decoded into a newline, a bidi
     * override turning text around) therefore stays inside its own field.
     */
    public String toLogLine() {
        return "denied status=" + status + " who=" + field(who) + " method=" + field(method) + " path=" + field(path)
                + " remote=" + field(remote) + " at=" + at + " reason=" + quoted(reason);
    }

    private static String field(String value) {
        return value != null && BARE.matcher(value).matches() ? value : quoted(value);
    }

    /** The value in double quotes, escaped as described in {@link #toLogLine()}. */
    static String quoted(String value) {
        if (value == null) {
            return "\"\"";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        int count = 0;
        for (int i = 0; i < value.length(); count++) {
            if (count == MAX_VALUE_LENGTH) {
                out.append("...(cut)");
                break;
            }
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (disguising(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean disguising(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            case Character.SPACE_SEPARATOR -> c != ' ';
            default -> false;
        };
    }
}
