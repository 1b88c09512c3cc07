package org.rapport.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.rapport.validation.Ids;

/**
 * What a token may do (SPEC §6): {@code clinic:<clinic_id>} writes events for that clinic only,
 * {@code director:<program_id,…>} reads its programs (client level included), {@code researcher} reads
 * de-identified aggregates, {@code admin} does everything. Clinic and program ids follow the id alphabet
 * ({@link Ids}), so a token can never be granted a program such as {@code north-op|evil}.
 *
 * @param kind     the kind of role
 * @param clinicId the clinic of a {@link Kind#CLINIC} role, else null
 * @param programs the programs of a {@link Kind#DIRECTOR} role, else empty
 */
public record Role(Kind kind, String clinicId, Set<String> programs) {

    /** The four kinds of role. */
    public enum Kind { CLINIC, DIRECTOR, RESEARCHER, ADMIN }

    public Role {
        Objects.requireNonNull(kind, "kind");
        programs = Set.copyOf(programs == null ? Set.of() : programs);
    }

    public static Role clinic(String clinicId) {
        String id = requireText(clinicId, "clinic id");
        Ids.clinicIdProblem(id).ifPresent(problem -> {
            throw new IllegalArgumentException("clinic id of role " + problem);
        });
        return new Role(Kind.CLINIC, id, Set.of());
    }

    public static Role director(Set<String> programs) {
        if (programs.isEmpty()) {
            throw new IllegalArgumentException("a director role needs at least one program id");
        }
        for (String program : programs) {
            Ids.idProblem(program).ifPresent(problem -> {
                throw new IllegalArgumentException("program id of role " + problem);
            });
        }
        return new Role(Kind.DIRECTOR, null, programs);
    }

    public static Role researcher() {
        return new Role(Kind.RESEARCHER, null, Set.of());
    }

    public static Role admin() {
        return new Role(Kind.ADMIN, null, Set.of());
    }

    /** Parses the text form used in the tokens file, e.g. {@code clinic:c1} or {@code director:p1,p2}. */
    public static Role parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("role is missing");
        }
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String kind = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String argument = colon < 0 ? null : trimmed.substring(colon + 1).strip();
        return switch (kind) {
            case "clinic" -> clinic(argument);
            case "director" -> director(parsePrograms(argument));
            case "researcher" -> noArgument(researcher(), argument, trimmed);
            case "admin" -> noArgument(admin(), argument, trimmed);
            default -> throw new IllegalArgumentException("unknown role '" + trimmed
                    + "' (expected clinic:<clinic_id>, director:<program_id,...>, researcher or admin)");
        };
    }

    /** The text form, the inverse of {@link #parse(String)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case CLINIC -> "clinic:" + clinicId;
            case DIRECTOR -> "director:" + String.join(",", programs.stream().sorted().toList());
            case RESEARCHER -> "researcher";
            case ADMIN -> "admin";
        };
    }

    private static Set<String> parsePrograms(String argument) {
        Set<String> programs = new LinkedHashSet<>();
        Arrays.stream(requireText(argument, "program ids").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).forEach(programs::add);
        return programs;
    }

    private static Role noArgument(Role role, String argument, String text) {
        if (argument != null) {
            throw new IllegalArgumentException("role '" + text + "' takes no argument");
        }
        return role;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " missing in role");
        }
        return value.strip();
    }
}
