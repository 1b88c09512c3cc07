package org.rapport.validation;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one definition of what an identifier may contain (issue 9, item 7). Every place that takes an id — event
 * validation at the gateway, importer and topology, token roles, HTTP path and query parameters — asks here, so an
 * id is judged the same wherever it enters.
 *
 * <ul>
 *   <li>{@code program_id}, {@code session_id}, {@code counselor_id}, {@code training_id}: 1–{@value #MAX_ID_LENGTH}
 *       of {@code A-Z a-z 0-9 . _ : -} (SPEC §2's alphabet of {@code training_id}). No {@code |} (Rapport's key
 *       separator), no spaces, controls, look-alikes or bidi overrides.</li>
 *   <li>{@code clinic_id}: the same without {@code :}, because the pseudonym is the HMAC of
 *       {@code clinic_id + ":" + client_ref} — with a colon in clinic ids, clinic {@code a:b} with record
 *       {@code c} and clinic {@code a} with record {@code b:c} would share a pseudonym.</li>
 *   <li>{@code client_ref} (a clinic's own record number; hashed, never stored): 1–{@value #MAX_CLIENT_REF_LENGTH}
 *       printable characters in Unicode NFC — letters, marks, digits, punctuation, symbols and the plain space;
 *       no control, format (zero-width, bidi override), private-use, unassigned or lone-surrogate characters and
 *       no other kind of space, so two spellings that look alike cannot name two clients.</li>
 * </ul>
 * Problems are worded to complete the field name ("program_id must be …") and show an offending character as
 * its code point, never raw.
 */
public final class Ids {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_CLIENT_REF_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String ID_ALPHABET = "A-Z a-z 0-9 . _ : -";
    private static final String CLINIC_ALPHABET = "A-Z a-z 0-9 . _ -";

    private Ids() {
    }

    /** Why {@code value} is not a program, session, counselor or training id; empty when it is one. */
    public static Optional<String> idProblem(String value) {
        return alphabetProblem(value, ID, ID_ALPHABET);
    }

    /** Why {@code value} is not a clinic id; empty when it is one. */
    public static Optional<String> clinicIdProblem(String value) {
        return alphabetProblem(value, CLINIC_ID, CLINIC_ALPHABET);
    }

    public static boolean isId(String value) {
        return idProblem(value).isEmpty();
    }

    public static boolean isClinicId(String value) {
        return clinicIdProblem(value).isEmpty();
    }

    /** Why {@code value} is not an acceptable record number ({@code client_ref}); empty when it is one. */
    public static Optional<String> clientRefProblem(String value) {
        return printableProblem(value, MAX_CLIENT_REF_LENGTH);
    }

    /**
     * Why {@code value} is not 1–{@code maxLength} printable characters (the {@code client_ref} rule, also used for
     * names that reach logs, such as a token's name); empty when it is.
     */
    public static Optional<String> printableProblem(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters, got " + length);
        }
        for (int i = 0, position = 1; i < value.length(); position++) {
            int c = value.codePointAt(i);
            if (!printable(c)) {
                return Optional.of("must hold printable characters only; " + describe(c) + " at position " + position
                        + " is not allowed");
            }
            i += Character.charCount(c);
        }
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            return Optional.of("must be in Unicode normal form NFC (one way of writing each accented letter)");
        }
        return Optional.empty();
    }

    private static Optional<String> alphabetProblem(String value, Pattern alphabet, String described) {
        String rule = "must be 1-" + MAX_ID_LENGTH + " characters of " + described;
        if (value == null || value.isEmpty()) {
            return Optional.of(rule);
        }
        if (value.length() > MAX_ID_LENGTH) {
            return Optional.of(rule + ", got " + value.codePointCount(0, value.length()) + " characters");
        }
        if (alphabet.matcher(value).matches()) {
            return Optional.empty();
        }
        for (int i = 0, position = 1; i < value.length(); position++) {
            int c = value.codePointAt(i);
            if (!alphabet.matcher(Character.toString(c)).matches()) {
                return Optional.of(rule + "; " + describe(c) + " at position " + position + " is not allowed");
            }
            i += Character.charCount(c);
        }
        return Optional.of(rule);
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** {@code U+007C '|'} for a visible character, {@code U+202E} alone for anything that could disguise itself. */
    static String describe(int c) {
        String code = String.format("U+%04X", c);
        boolean visible = c < 0x7f && c > 0x20;
        return visible ? code + " '" + Character.toString(c) + "'" : code;
    }
}
