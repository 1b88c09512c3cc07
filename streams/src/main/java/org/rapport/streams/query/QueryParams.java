package org.rapport.streams.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Engagement;
import org.rapport.avro.Exposure;
import org.rapport.avro.RiskState;

/**
 * Reads query parameters defensively: anything a caller sends, on the public API or straight to the internal
 * endpoint, is either understood or refused with a {@link BadRequestException} (400) that says what was expected —
 * never an exception from deeper down (500).
 */
public final class QueryParams {

    private static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 7);
    private static final LocalDate LAST_DATE = LocalDate.of(10000, 1, 1);

    /** The parameters each internal query accepts (the public endpoints build exactly these). */
    private static final Map<String, Set<String>> INTERNAL = Map.of(
            "programs", Set.of("programs"),
            "weekly", Set.of("program", "from", "to"),
            "cohorts", Set.of("program"),
            "alerts", Set.of("program", "kind", "since", "now"),
            "clients", Set.of("program", "risk", "engagement", "episode_open"),
            "counselors", Set.of("programs"),
            "program-alliance", Set.of("program", "instrument"),
            "program-trainings", Set.of("program"),
            "clinic-received", Set.of("clinic", "from", "to"),
            "clinic-rejected", Set.of("clinic"));

    private QueryParams() {
    }

    /** A program id: present, and of the one id alphabet ({@link org.rapport.validation.Ids}). */
    public static String programId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is missing");
        }
        return ProgramSet.requireId(value);
    }

    /** A clinic id: present, and of the clinic id alphabet ({@link org.rapport.validation.Ids}). */
    public static String clinicId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(name + " is missing");
        }
        org.rapport.validation.Ids.clinicIdProblem(value).ifPresent(problem -> {
            throw new BadRequestException(name + " " + problem);
        });
        return value;
    }

    /** {@code true} or {@code false} (absent: false); anything else is a 400. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException(name + " must be true or false, not '" + shown(value) + "'");
        };
    }

    /** An enum constant's position, for ordering rows (an unknown name last). */
    public static <E extends Enum<E>> int order(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** A calendar date {@code YYYY-MM-DD} from 0001-01-08 to 9999-12-31 (so that its week's Monday is one too). */
    public static LocalDate date(String name, String value) {
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isAfter(FIRST_DATE) && date.isBefore(LAST_DATE)) {
                return date;
            }
        } catch (DateTimeException e) {
            // answered below
        }
        throw new BadRequestException(name + " must be a date YYYY-MM-DD from 0001-01-08 to 9999-12-31, not '"
                + shown(value) + "'");
    }

    /** An ISO-8601 instant, or a date meaning its UTC midnight. */
    public static Instant instant(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant or date, not '" + shown(value) + "'");
        }
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).sorted().collect(Collectors.joining(", ")) + ", not '" + shown(value) + "'");
        }
    }

    /** A whole number from 1 up, or {@link Integer#MAX_VALUE} when absent. */
    public static int positive(String name, String value) {
        if (value == null || value.isBlank()) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(name + " must be a positive whole number, not '" + shown(value) + "'");
    }

    /**
     * Checks what another instance (or anyone calling the internal endpoint) asks of the local part of {@code query}:
     * only that query's parameters, each well-formed. The public endpoints send exactly these, in this form.
     */
    public static void checkInternal(String query, Map<String, String> params) {
        Set<String> allowed = INTERNAL.get(query);
        if (allowed == null) {
            throw new BadRequestException("unknown query '" + shown(query) + "'");
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new BadRequestException("query " + query + " takes " + allowed + ", not '" + shown(p.getKey()) + "'");
            }
            checkValue(p.getKey(), p.getValue());
        }
        for (String required : Set.of("program", "programs", "clinic")) {
            if (allowed.contains(required) && !params.containsKey(required)) {
                throw new BadRequestException("query " + query + " needs " + required);
            }
        }
    }

    private static void checkValue(String name, String value) {
        switch (name) {
            case "program" -> programId(name, value);
            case "programs" -> ProgramSet.parse(value);
            case "from", "to" -> date(name, value);
            case "since" -> instant(name, value);
            case "kind" -> enumValue(AlertKind.class, name, value);
            case "risk" -> enumValue(RiskState.class, name, value);
            case "now" -> instant(name, value);
            case "engagement" -> enumValue(Engagement.class, name, value);
            case "episode_open" -> flag(name, value);
            case "instrument" -> enumValue(Exposure.class, name, value);
            case "clinic" -> clinicId(name, value);
            default -> throw new BadRequestException("unknown parameter '" + shown(name) + "'");
        }
    }

    /** A caller's value in an error message: short, and without control characters. */
    static String shown(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

}
