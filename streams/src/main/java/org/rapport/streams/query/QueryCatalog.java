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
import org.rapport.avro.Engagement;
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
    private final ClinicQueries clinics;
    private final ProgramRegistry registry;

    /** @param registry the program registry whose display names {@code /v1/programs} adds */
    public QueryCatalog(HttpAuth auth, Cluster cluster, ProgramQueries programs, ResearchQueries research,
                        ClinicQueries clinics, ProgramRegistry registry) {
        this.auth = auth;
        this.cluster = cluster;
        this.programs = programs;
        this.research = research;
        this.clinics = clinics;
        this.registry = registry;
    }

    // --- Director endpoints --------------------------------------------------------------------------

    /** With {@code engagement=true}, also the open episodes by engagement band (the dashboard's tiles). */
    List<Map<String, Object>> programs(Principal who, Context ctx) {
        Map<String, String> params = Map.of("programs", readablePrograms(who).text());
        List<Map<String, Object>> rows = ProgramQueries.mergePrograms(run(ctx, who, "programs", params));
        if (!flag(ctx, "engagement")) {
            rows.forEach(row -> ProgramQueries.ENGAGEMENT_COUNTS.forEach(row::remove));
        }
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
        if (flag(ctx, "in_effect")) {
            // One instant for every instance, so that they judge "recent" alike.
            params.put("now", Instant.now().toString());
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
        String engagement = ctx.queryParam("engagement");
        if (engagement != null && !engagement.isBlank()) {
            params.put("engagement", enumValue(Engagement.class, "engagement", engagement).name());
        }
        String open = ctx.queryParam("episode_open");
        if (open != null && !open.isBlank()) {
            params.put("episode_open", String.valueOf(flag(ctx, "episode_open")));
        }
        return sorted(run(ctx, who, "clients", params), Comparator.comparing(r -> Rows.text(r, "client_id")));
    }

    /** The program's own alliance–outcome rows, unsuppressed (SPEC §6), by instrument then band. */
    List<Map<String, Object>> programAlliance(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        String instrument = ctx.queryParam("instrument");
        if (instrument != null && !instrument.isBlank()) {
            params.put("instrument", enumValue(Instrument.class, "instrument", instrument).name());
        }
        return sorted(run(ctx, who, "program-alliance", params), Comparator
                .comparing((Map<String, Object> r) -> enumOrder(Instrument.class, Rows.text(r, "instrument")))
                .thenComparing(r -> enumOrder(Band.class, Rows.text(r, "band"))));
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

    // --- Clinic endpoints ----------------------------------------------------------------------------

    /** Per day in [from, to] (default: every day kept): valid events received by type, and dead letters. */
    List<Map<String, Object>> clinicReceived(Principal who, Context ctx) {
        Map<String, String> params = clinicParam(ctx);
        String from = ctx.queryParam("from");
        if (from != null && !from.isBlank()) {
            params.put("from", date("from", from).toString());
        }
        String to = ctx.queryParam("to");
        if (to != null && !to.isBlank()) {
            params.put("to", date("to", to).toString());
        }
        return ClinicQueries.mergeReceived(run(ctx, who, "clinic-received", params));
    }

    /** The clinic's latest dead letters, newest first: when, what, which stage and why — never the bytes. */
    List<Map<String, Object>> clinicRejected(Principal who, Context ctx) {
        int limit = limit(ctx);
        return ClinicQueries.newestRejections(run(ctx, who, "clinic-rejected", clinicParam(ctx)), limit);
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
            case "program-alliance" -> programs::alliance;
            case "clinic-received" -> clinics::received;
            case "clinic-rejected" -> clinics::rejected;
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
        if (name.startsWith("clinic-")) {
            String clinic = params.get("clinic");
            if (clinic == null || !who.canReadClinic(clinic)) {
                throw denied(ctx, who, "clinic " + clinic + ": only that clinic's token or admin");
            }
            return;
        }
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

    private static Map<String, String> clinicParam(Context ctx) {
        String clinic = ctx.pathParam("id");
        org.rapport.validation.Ids.clinicIdProblem(clinic).ifPresent(problem -> {
            throw new BadRequestException("clinic id " + problem);
        });
        Map<String, String> params = new LinkedHashMap<>();
        params.put("clinic", clinic);
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

    /** A true/false query parameter (absent = false); anything else is a 400. */
    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException(name + " must be true or false, not '" + value + "'");
        };
    }

    /** An enum constant's position, for ordering rows (unknown names last, by name). */
    private static <E extends Enum<E>> int enumOrder(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e.ordinal();
            }
        }
        return Integer.MAX_VALUE;
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
