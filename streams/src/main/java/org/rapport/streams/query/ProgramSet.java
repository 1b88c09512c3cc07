package org.rapport.streams.query;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** A comma-separated list of program ids (blanks around commas ignored), or {@code *}; 400 when unreadable. */
    public static ProgramSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("programs missing");
        }
        if (text.equals(ALL)) {
            return every();
        }
        Set<String> ids = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(id -> QueryParams.programId("program", id)).collect(Collectors.toSet());
        if (ids.isEmpty()) {
            throw new BadRequestException("program must name at least one program");
        }
        return of(ids);
    }

    public boolean contains(String programId) {
        return all || ids.contains(programId);
    }

    public String text() {
        return all ? ALL : String.join(",", ids);
    }
}
