package org.rapport.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects the field errors of one event; each check records a problem and tells whether the field passed. */
final class FieldChecks {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A pseudonym is 16 bytes of HMAC-SHA256 in lower-case hex (SPEC §2). */
    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{32}");

    private final List<FieldError> errors = new ArrayList<>();
    private final Duration futureTolerance;
    private final String toleranceText;
    private final Instant earliest;

    FieldChecks(Duration futureTolerance, String toleranceText, Instant earliest) {
        this.futureTolerance = futureTolerance;
        this.toleranceText = toleranceText;
        this.earliest = earliest;
    }

    void fail(String field, String problem) {
        errors.add(new FieldError(field, problem));
    }

    boolean present(String field, Object value) {
        if (value == null) {
            fail(field, "is required");
            return false;
        }
        return true;
    }

    boolean text(String field, String value) {
        if (!present(field, value)) {
            return false;
        }
        if (value.isBlank()) {
            fail(field, "must not be blank");
            return false;
        }
        return true;
    }

    void uuid(String field, String value) {
        if (text(field, value) && !UUID.matcher(value).matches()) {
            fail(field, "must be a UUID");
        }
    }

    /** A program, session or counselor id: {@link Ids#idProblem}. */
    void id(String field, String value) {
        if (text(field, value)) {
            Ids.idProblem(value).ifPresent(problem -> fail(field, problem));
        }
    }

    void clinicId(String field, String value) {
        if (text(field, value)) {
            Ids.clinicIdProblem(value).ifPresent(problem -> fail(field, problem));
        }
    }

    void pseudonym(String field, String value) {
        if (text(field, value) && !PSEUDONYM.matcher(value).matches()) {
            fail(field, "must be 32 lower-case hex characters (the client pseudonym)");
        }
    }

    void between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            fail(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    /**
     * A duration in hours: finite, within [min, max] and a whole number of half hours. Every such value is a
     * small multiple of 2^-1, so the double holds it exactly and {@code 2 × value} is an exact whole number.
     */
    void halfHours(String field, Double value, double min, double max) {
        if (!present(field, value)) {
            return;
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            fail(field, "must be between " + number(min) + " and " + number(max) + " hours, got " + number(value));
        } else if (Math.rint(value * 2) != value * 2) {
            fail(field, "must be a whole number of half hours (0.5, 1, 1.5 …), got " + number(value));
        }
    }

    /** 0.5, 16, 200, 16.25: a number as a person writes it (NaN and Infinity as Java names them). */
    private static String number(double value) {
        return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }

    /**
     * A present instant lies between the earliest instant and the tolerance after the wall clock: history is fine,
     * but nothing before what a Kafka timestamp (milliseconds since 1970, never negative) can carry.
     */
    void inTimeRange(String field, Instant value, Instant wallClockNow) {
        if (value == null) {
            return;
        }
        if (value.isBefore(earliest)) {
            fail(field, "must not be before " + earliest + " (" + EventValidator.EARLIEST_KEY + ")");
        } else if (value.isAfter(wallClockNow.plus(futureTolerance))) {
            fail(field, "is more than " + toleranceText + " in the future");
        }
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }
}
