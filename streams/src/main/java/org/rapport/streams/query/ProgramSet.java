package org.rapport.streams.query;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.rapport.validation.Ids;

/**
 * The programs a query covers, as passed between instances: {@code *} for every program, else a
 * comma-separated list.
 */
public record ProgramSet(boolean all, Set<String> ids) {

    public static final String ALL = "*";

    public static ProgramSet every() {
        return new ProgramSet(true, Set.of());
    }

    public static ProgramSet of(Set<String> ids) {
        return new ProgramSet(false, new TreeSet<>(ids));
    }

    /** Parses the comma-separated form; every id must be of the id alphabet ({@link Ids}), else 400. */
    public static ProgramSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("programs missing");
        }
        if (text.equals(ALL)) {
            return every();
        }
        Set<String> ids = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (ids.isEmpty()) {
            throw new BadRequestException("program must name at least one program");
        }
        ids.forEach(ProgramSet::requireId);
        return of(ids);
    }

    /** A program id from a path or query parameter: 400 naming the problem when it is outside the alphabet. */
    public static String requireId(String programId) {
        Ids.idProblem(programId).ifPresent(problem -> {
            throw new BadRequestException("program id " + problem);
        });
        return programId;
    }

    public boolean contains(String programId) {
        return all || ids.contains(programId);
    }

    public String text() {
        return all ? ALL : String.join(",", ids);
    }
}
