package org.rapport.streams.query;

import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapport.auth.AuthFailure;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Band;
import org.rapport.avro.Instrument;
import org.rapport.avro.RiskState;
import org.rapport.programs.ProgramRegistry;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;

/**
 * Every query of the API: its parameters read and checked, who may ask for what, its local part on each
 * instance, and how the instances' rows merge. The same permission check runs on the instance the caller
 * reached and again on every instance asked on its behalf, so the internal endpoint grants nothing more.
 */
public final class QueryCatalog {

    private static final Comparator<Map<String, Object>> BY_PROGRAM = Comparator.comparing(r -> Rows.text(r, "program_id"));

    private final HttpAuth auth;
    private final Cluster cluster;
    private final ProgramQueries programs;
    private final ResearchQueries research;
    private final ProgramRegistry registry;

    public QueryCatalog(HttpAuth auth, Cluster cluster, ProgramQueries programs, ResearchQueries research) {
        this(auth, cluster, programs, research, ProgramRegistry.unrestricted());
    }

    /** @param registry the program registry whose display names {@code /v1/programs} adds */
    public QueryCatalog(HttpAuth auth, Cluster cluster, ProgramQueries programs, ResearchQueries research,
                        ProgramRegistry registry) {
        this.auth = auth;
        this.cluster = cluster;
        this.programs = programs;
        this.research = research;
        this.registry = registry;
    }

    // --- Director endpoints --------------------------------------------------------------------------

    List<Map<String, Object>> programs(Principal who, Context ctx) {
        Map<String, String> params = Map.of("programs", readablePrograms(who).text());
        List<Map<String, Object>> rows = ProgramQueries.mergePrograms(run(ctx, who, "programs", params));
        // The registry's display name, for the dashboard; programs it does not list keep only their id.
        rows.forEach(row -> registry.find(Rows.text(row, "program_id")).ifPresent(p -> row.put("name", p.name())));
        return rows;
    }

    List<Map<String, Object>> weekly(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        weekRange(ctx, params);
        return sorted(run(ctx, who, "weekly", params), Comparator.comparing(r -> Rows.text(r, "week")));
    }

    List<Map<String, Object>> cohorts(Principal who, Context ctx) {
        return sorted(run(ctx, who, "cohorts", programParam(ctx)), Comparator.comparing(r -> Rows.text(r, "month")));
    }

    List<Map<String, Object>> alerts(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        String kind = ctx.queryParam("kind");
        if (kind != null && !kind.isBlank()) {
            params.put("kind", enumValue(AlertKind.class, "kind", kind).name());
        }
        String since = ctx.queryParam("since");
        if (since != null && !since.isBlank()) {
            params.put("since", instant("since", since).toString());
        }
        List<Map<String, Object>> rows = sorted(run(ctx, who, "alerts", params), ProgramQueries.NEWEST_FIRST);
        int limit = limit(ctx);
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    List<Map<String, Object>> clients(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        String risk = ctx.queryParam("risk");
        if (risk != null && !risk.isBlank()) {
            params.put("risk", enumValue(RiskState.class, "risk", risk).name());
        }
        return sorted(run(ctx, who, "clients", params), Comparator.comparing(r -> Rows.text(r, "client_id")));
    }

    List<Map<String, Object>> counselors(Principal who, Context ctx) {
        String program = ctx.queryParam("program");
        ProgramSet set = program == null || program.isBlank() ? readablePrograms(who) : ProgramSet.parse(program);
        return sorted(run(ctx, who, "counselors", Map.of("programs", set.text())),
                Comparator.comparing(r -> Rows.text(r, "counselor_id")));
    }

    // --- Research endpoints --------------------------------------------------------------------------

    List<Map<String, Object>> researchWeekly(Principal who, Context ctx) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("programs", researchPrograms(who, ctx).text()));
        weekRange(ctx, params);
        return sorted(run(ctx, who, "research-weekly", params),
                BY_PROGRAM.thenComparing(r -> Rows.text(r, "week")));
    }

    List<Map<String, Object>> researchCohorts(Principal who, Context ctx) {
        return sorted(run(ctx, who, "research-cohorts", Map.of("programs", researchPrograms(who, ctx).text())),
                BY_PROGRAM.thenComparing(r -> Rows.text(r, "month")));
    }

    /** By key: {@code program|instrument|band} for the program asked, else {@code ALL|instrument|band}. */
    List<Map<String, Object>> researchAlliance(Principal who, Context ctx) {
        String instrument = ctx.queryParam("instrument");
        List<Instrument> instruments = instrument == null || instrument.isBlank()
                ? List.of(Instrument.CARE, Instrument.WAI_SR) : List.of(allianceInstrument(instrument));
        String program = ctx.queryParam("program");
        List<String> programIds = new ArrayList<>();
        if (program == null || program.isBlank()) {
            programIds.add(AllianceOutcomeTopology.ALL_PROGRAMS);
        } else {
            programIds.addAll(ProgramSet.parse(program).ids());
        }
        List<String> keys = new ArrayList<>();
        for (String p : programIds) {
            for (Instrument i : instruments) {
                for (Band b : Band.values()) {
                    keys.add(AllianceOutcomeTopology.outcomeKey(p, i.name(), b.name()));
                }
            }
        }
        authorize(ctx, who, "research-alliance", Map.of("keys", String.join(",", keys)));
        // One store per kind of key; ALL rows and program rows are never asked together.
        String store = ResearchQueries.storeOf(keys.get(0));
        List<Map<String, Object>> rows = cluster.byKeys(store, keys, "research-alliance", Map.of(), research::alliance,
                ctx.header("Authorization"));
        Map<String, Integer> order = new LinkedHashMap<>();
        keys.forEach(k -> order.put(k, order.size()));
        return sorted(rows, Comparator.comparing(r -> order.get(AllianceOutcomeTopology.outcomeKey(
                Rows.text(r, "program_id"), Rows.text(r, "instrument"), Rows.text(r, "band")))));
    }

    // --- Local parts, for this instance or another one -------------------------------------------------

    /** The local part of {@code name} after the same permission check the public endpoint made. */
    List<Map<String, Object>> local(Context ctx, Principal who, String name, Map<String, String> params) {
        authorize(ctx, who, name, params);
        return localPart(name).apply(params);
    }

    private Cluster.LocalQuery localPart(String name) {
        return switch (name) {
            case "programs" -> programs::programs;
            case "weekly" -> programs::weekly;
            case "cohorts" -> programs::cohorts;
            case "alerts" -> programs::alerts;
            case "clients" -> programs::clients;
            case "counselors" -> programs::counselors;
            case "research-weekly" -> research::weekly;
            case "research-cohorts" -> research::cohorts;
            case "research-alliance" -> research::alliance;
            default -> throw new BadRequestException("unknown query " + name);
        };
    }

    private List<Map<String, Object>> run(Context ctx, Principal who, String name, Map<String, String> params) {
        authorize(ctx, who, name, params);
        return cluster.everywhere(name, params, localPart(name), ctx.header("Authorization"));
    }

    private void authorize(Context ctx, Principal who, String name, Map<String, String> params) {
        boolean researchQuery = name.startsWith("research-");
        if (researchQuery ? !who.canReadResearch() : !who.canReadPrograms()) {
            throw denied(ctx, who, "this query needs " + (researchQuery ? "a researcher, director or admin token"
                    : "a director or admin token"));
        }
        if (params.containsKey("program")) {
            checkProgram(ctx, who, params.get("program"), researchQuery);
        }
        if (params.containsKey("programs")) {
            ProgramSet set = ProgramSet.parse(params.get("programs"));
            if (set.all() && !(who.isAdmin() || (researchQuery && who.isResearcher()))) {
                throw denied(ctx, who, "every program: only " + (researchQuery ? "researchers and admins" : "admins"));
            }
            set.ids().forEach(p -> checkProgram(ctx, who, p, researchQuery));
        }
        if (params.containsKey("keys")) {
            for (String key : params.get("keys").split(",")) {
                String program = ResearchQueries.programOf(key);
                if (!program.equals(AllianceOutcomeTopology.ALL_PROGRAMS)) {
                    checkProgram(ctx, who, program, researchQuery);
                }
            }
        }
    }

    /** Directors read only their programs; researchers and admins read research rows of any program. */
    private void checkProgram(Context ctx, Principal who, String program, boolean researchQuery) {
        boolean allowed = researchQuery && (who.isResearcher() || who.isAdmin()) || who.canReadProgram(program);
        if (!allowed) {
            throw denied(ctx, who, "program " + program + " is not one of this token's programs");
        }
    }

    private AuthFailure denied(Context ctx, Principal who, String reason) {
        return auth.forbidden(ctx, who, reason);
    }

    // --- Parameters ------------------------------------------------------------------------------------

    private static Map<String, String> programParam(Context ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("program", ProgramSet.requireId(ctx.pathParam("id")));
        return params;
    }

    /** Directors: their programs; admins: every program. */
    private static ProgramSet readablePrograms(Principal who) {
        return who.isAdmin() ? ProgramSet.every() : ProgramSet.of(who.programs());
    }

    /** The {@code program} parameter, or every program the caller may read in research answers. */
    private static ProgramSet researchPrograms(Principal who, Context ctx) {
        String program = ctx.queryParam("program");
        if (program != null && !program.isBlank()) {
            return ProgramSet.parse(program);
        }
        return who.isDirector() ? ProgramSet.of(who.programs()) : ProgramSet.every();
    }

    /** from/to as the keys' week part: from moves back to its week's Monday, so its week is included. */
    private static void weekRange(Context ctx, Map<String, String> params) {
        String from = ctx.queryParam("from");
        if (from != null && !from.isBlank()) {
            params.put("from", date("from", from).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString());
        }
        String to = ctx.queryParam("to");
        if (to != null && !to.isBlank()) {
            params.put("to", date("to", to).toString());
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be a date YYYY-MM-DD, not '" + value + "'");
        }
    }

    /** An ISO-8601 instant, or a date meaning its UTC midnight. */
    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant or date, not '" + value + "'");
        }
    }

    private static Instrument allianceInstrument(String value) {
        Instrument i = enumValue(Instrument.class, "instrument", value);
        if (i != Instrument.CARE && i != Instrument.WAI_SR) {
            throw new BadRequestException("instrument must be CARE or WAI_SR");
        }
        return i;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be one of " + Set.of(type.getEnumConstants()) + ", not '"
                    + value + "'");
        }
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        if (limit == null || limit.isBlank()) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a positive whole number");
        }
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows, Comparator<Map<String, Object>> by) {
        List<Map<String, Object>> copy = new ArrayList<>(rows);
        copy.sort(by);
        return copy;
    }
}
