package org.rapport.streams.query;

import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapport.auth.AuthFailure;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.Principal;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Band;
import org.rapport.avro.Curriculum;
import org.rapport.avro.Engagement;
import org.rapport.avro.Exposure;
import org.rapport.avro.RiskState;
import org.apache.kafka.streams.state.HostInfo;
import org.rapport.programs.ProgramRegistry;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;

/**
 * Every query of the API: its parameters read and checked, who may ask for what, its local part on each
 * instance, and how the instances' rows merge. The same permission check runs on the instance the caller
 * reached and again on every instance asked on its behalf, so the internal endpoint grants nothing more.
 */
public final class QueryCatalog {

    private static final Comparator<Map<String, Object>> NEWEST_TRAINING_FIRST = Comparator
            .comparing((Map<String, Object> r) -> Rows.text(r, "last_completed")).reversed()
            .thenComparing(r -> Rows.text(r, "training_id"));

    private static final Comparator<Map<String, Object>> BY_PROGRAM = Comparator.comparing(r -> Rows.text(r, "program_id"));

    /** The response header naming when the research release an answer comes from was built. */
    static final String RELEASE_HEADER = "X-Research-Release";

    private final HttpAuth auth;
    private final Cluster cluster;
    private final ProgramQueries programs;
    private final ResearchQueries research;
    private final ResearchRows rows;
    private final ResearchRelease release;
    private final PipelineLag lag;
    private final ProgramRegistry registry;
    private final ClinicQueries clinics;

    /** @param registry the program registry whose display names {@code /v1/programs} adds */
    QueryCatalog(HttpAuth auth, Cluster cluster, ProgramQueries programs, ResearchQueries research,
                 ResearchRows rows, ResearchRelease release, PipelineLag lag, ProgramRegistry registry,
                 ClinicQueries clinics) {
        this.auth = auth;
        this.cluster = cluster;
        this.programs = programs;
        this.research = research;
        this.rows = rows;
        this.release = release;
        this.lag = lag;
        this.registry = registry;
        this.clinics = clinics;
    }

    // --- Director endpoints --------------------------------------------------------------------------

    /** With {@code engagement=true}, also the open episodes by engagement band (the dashboard's tiles). */
    List<Map<String, Object>> programs(Principal who, Context ctx) {
        Map<String, String> params = Map.of("programs", readablePrograms(who).text());
        List<Map<String, Object>> rows = ProgramQueries.mergePrograms(run(ctx, who, "programs", params));
        if (!QueryParams.flag("engagement", ctx.queryParam("engagement"))) {
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
            params.put("kind", QueryParams.enumValue(AlertKind.class, "kind", kind).name());
        }
        String since = ctx.queryParam("since");
        if (since != null && !since.isBlank()) {
            params.put("since", QueryParams.instant("since", since).toString());
        }
        if (QueryParams.flag("in_effect", ctx.queryParam("in_effect"))) {
            // One instant for every instance, so that they judge "recent" alike.
            params.put("now", java.time.Instant.now().toString());
        }
        List<Map<String, Object>> rows = sorted(run(ctx, who, "alerts", params), ProgramQueries.NEWEST_FIRST);
        int limit = limit(ctx);
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    List<Map<String, Object>> clients(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        String risk = ctx.queryParam("risk");
        if (risk != null && !risk.isBlank()) {
            params.put("risk", QueryParams.enumValue(RiskState.class, "risk", risk).name());
        }
        String engagement = ctx.queryParam("engagement");
        if (engagement != null && !engagement.isBlank()) {
            params.put("engagement", QueryParams.enumValue(Engagement.class, "engagement", engagement).name());
        }
        String open = ctx.queryParam("episode_open");
        if (open != null && !open.isBlank()) {
            params.put("episode_open", String.valueOf(QueryParams.flag("episode_open", open)));
        }
        return sorted(run(ctx, who, "clients", params), Comparator.comparing(r -> Rows.text(r, "client_id")));
    }

    /** The program's own alliance–outcome rows, unsuppressed (SPEC §6), by instrument then band. */
    List<Map<String, Object>> programAlliance(Principal who, Context ctx) {
        Map<String, String> params = programParam(ctx);
        String instrument = ctx.queryParam("instrument");
        if (instrument != null && !instrument.isBlank()) {
            params.put("instrument", QueryParams.enumValue(Exposure.class, "instrument", instrument).name());
        }
        return sorted(run(ctx, who, "program-alliance", params), Comparator
                .comparing((Map<String, Object> r) -> QueryParams.order(Exposure.class, Rows.text(r, "instrument")))
                .thenComparing(r -> QueryParams.order(Band.class, Rows.text(r, "band"))));
    }

    /** The trainings whose counselors led sessions in the program, unsuppressed, newest completion first. */
    List<Map<String, Object>> programTrainings(Principal who, Context ctx) {
        return sorted(run(ctx, who, "program-trainings", programParam(ctx)), NEWEST_TRAINING_FIRST);
    }

    List<Map<String, Object>> counselors(Principal who, Context ctx) {
        String program = ctx.queryParam("program");
        ProgramSet set = program == null || program.isBlank() ? readablePrograms(who) : ProgramSet.parse(program);
        return sorted(run(ctx, who, "counselors", Map.of("programs", set.text())),
                Comparator.comparing(r -> Rows.text(r, "counselor_id")));
    }

    // --- Research endpoints: filtered views of the current release -----------------------------------------

    List<Map<String, Object>> researchWeekly(Principal who, Context ctx) {
        ProgramSet programs = researchPrograms(who, ctx);
        Map<String, String> params = new LinkedHashMap<>(Map.of("programs", programs.text()));
        weekRange(ctx, params);
        authorize(ctx, who, "research-weekly", params);
        String from = params.getOrDefault("from", "");
        String to = params.getOrDefault("to", LocalStores.HIGHEST);
        return sorted(release(ctx).weekly().stream().filter(r -> programs.contains(Rows.text(r, "program_id"))
                        && Rows.text(r, "week").compareTo(from) >= 0 && Rows.text(r, "week").compareTo(to) <= 0).toList(),
                BY_PROGRAM.thenComparing(r -> Rows.text(r, "week")));
    }

    List<Map<String, Object>> researchCohorts(Principal who, Context ctx) {
        ProgramSet programs = researchPrograms(who, ctx);
        authorize(ctx, who, "research-cohorts", Map.of("programs", programs.text()));
        return sorted(release(ctx).cohorts().stream().filter(r -> programs.contains(Rows.text(r, "program_id")))
                .toList(), BY_PROGRAM.thenComparing(r -> Rows.text(r, "month")));
    }

    /** The bands of the programs asked, else the rows over all programs ({@code program_id} = ALL). */
    List<Map<String, Object>> researchAlliance(Principal who, Context ctx) {
        String instrument = ctx.queryParam("instrument");
        List<Exposure> instruments = instrument == null || instrument.isBlank()
                ? AllianceFacts.EXPOSURES : List.of(QueryParams.enumValue(Exposure.class, "instrument", instrument));
        String program = ctx.queryParam("program");
        List<String> programIds = new ArrayList<>();
        if (program == null || program.isBlank()) {
            authorize(ctx, who, "research-alliance", Map.of());
            programIds.add(AllianceOutcomeTopology.ALL_PROGRAMS);
        } else {
            ProgramSet set = ProgramSet.parse(program);
            authorize(ctx, who, "research-alliance", Map.of("programs", set.text()));
            programIds.addAll(set.ids());
        }
        Map<String, Integer> order = new LinkedHashMap<>();
        for (String p : programIds) {
            for (Exposure i : instruments) {
                for (Band b : Band.values()) {
                    order.put(AllianceOutcomeTopology.outcomeKey(p, i.name(), b.name()), order.size());
                }
            }
        }
        return sorted(release(ctx).alliance().stream().filter(r -> order.containsKey(allianceKey(r))).toList(),
                Comparator.comparing(r -> order.get(allianceKey(r))));
    }

    /**
     * Training effects (SPEC §5.8) of a curriculum (else all), of the trainings whose counselors led sessions in the
     * programs asked (a director: its programs; a researcher or admin: every program unless one is named).
     */
    List<Map<String, Object>> researchTrainings(Principal who, Context ctx) {
        ProgramSet programs = researchPrograms(who, ctx);
        authorize(ctx, who, "research-trainings", Map.of("programs", programs.text()));
        String value = ctx.queryParam("curriculum");
        Curriculum curriculum = value == null || value.isBlank() ? null
                : QueryParams.enumValue(Curriculum.class, "curriculum", value);
        return sorted(release(ctx).trainings().stream().filter(r -> TrainingEffectRows.matches(r, curriculum, programs))
                .toList(), NEWEST_TRAINING_FIRST);
    }

    /** The instance that holds research releases; requests that reach another one are forwarded there. */
    HostInfo releaseHolder() {
        HostInfo holder = cluster.releaseHolder();
        if (!holder.equals(cluster.self())) {
            release.forget();
        }
        return holder;
    }

    HostInfo self() {
        return cluster.self();
    }

    java.net.http.HttpResponse<String> forward(HostInfo host, String method, String pathAndQuery,
                                               Map<String, String> headers) {
        return cluster.forward(host, method, pathAndQuery, headers);
    }

    /** Admins: publish a new release now (e.g. after an import), whatever the interval. */
    Map<String, Object> newRelease(Principal who, Context ctx) {
        if (!who.isAdmin()) {
            throw denied(ctx, who, "publishing a research release needs an admin token");
        }
        release.forget();
        return Map.of("built_at", release(ctx).builtAt().toString());
    }

    /** The current release (built here now if due), named in the answer's {@value #RELEASE_HEADER} header. */
    private ResearchRelease.Tables release(Context ctx) {
        ResearchRelease.Tables tables = release.current(() -> {
            java.time.Instant builtAt = release.now();
            List<Map<String, Object>> weekly = cluster.everywhereInternal("release-weekly", research::weekly);
            List<Map<String, Object>> cohorts = cluster.everywhereInternal("release-cohorts", research::cohorts);
            List<Map<String, Object>> alliance = rows.tables().alliance(
                    cluster.everywhereInternal("release-alliance", research::allianceRaw));
            List<Map<String, Object>> trainings = cluster.everywhereInternal("release-trainings", research::trainings);
            return new ResearchRelease.Tables(builtAt, weekly, cohorts, alliance, trainings);
        }, lag::caughtUp);
        ctx.header(RELEASE_HEADER, tables.builtAt().toString());
        return tables;
    }

    private static String allianceKey(Map<String, Object> row) {
        return AllianceOutcomeTopology.outcomeKey(Rows.text(row, "program_id"), Rows.text(row, "instrument"),
                Rows.text(row, "band"));
    }

    // --- Clinic endpoints ----------------------------------------------------------------------------

    /** Per day in [from, to] (default: every day kept): valid events received by type, and dead letters. */
    List<Map<String, Object>> clinicReceived(Principal who, Context ctx) {
        Map<String, String> params = clinicParam(ctx);
        for (String bound : List.of("from", "to")) {
            String value = ctx.queryParam(bound);
            if (value != null && !value.isBlank()) {
                params.put(bound, QueryParams.date(bound, value).toString());
            }
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
        QueryParams.checkInternal(name, params);
        return localPart(name).apply(params);
    }

    /** This instance's share of a research release, for the instance building it ({@link InternalCredential}). */
    List<Map<String, Object>> releasePart(String name) {
        return switch (name) {
            case "release-weekly" -> research.weekly(Map.of());
            case "release-cohorts" -> research.cohorts(Map.of());
            case "release-alliance" -> research.allianceRaw(Map.of());
            case "release-trainings" -> research.trainings(Map.of());
            default -> throw new BadRequestException("unknown query '" + QueryParams.shown(name) + "'");
        };
    }

    private Cluster.LocalQuery localPart(String name) {
        return switch (name) {
            case "programs" -> programs::programs;
            case "weekly" -> programs::weekly;
            case "cohorts" -> programs::cohorts;
            case "alerts" -> programs::alerts;
            case "clients" -> programs::clients;
            case "counselors" -> programs::counselors;
            case "program-alliance" -> programs::alliance;
            case "program-trainings" -> programs::trainings;
            case "clinic-received" -> clinics::received;
            case "clinic-rejected" -> clinics::rejected;
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
        params.put("program", QueryParams.programId("program", ctx.pathParam("id")));
        return params;
    }

    private static Map<String, String> clinicParam(Context ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("clinic", QueryParams.clinicId("clinic id", ctx.pathParam("id")));
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
            params.put("from", QueryParams.date("from", from).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .toString());
        }
        String to = ctx.queryParam("to");
        if (to != null && !to.isBlank()) {
            params.put("to", QueryParams.date("to", to).toString());
        }
    }

    private static int limit(Context ctx) {
        return QueryParams.positive("limit", ctx.queryParam("limit"));
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows, Comparator<Map<String, Object>> by) {
        List<Map<String, Object>> copy = new ArrayList<>(rows);
        copy.sort(by);
        return copy;
    }
}
