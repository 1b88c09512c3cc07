package org.rapport.streams.query.suppression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rapport.streams.query.Suppression;
import org.rapport.streams.query.suppression.SuppressionPattern.Kind;

/**
 * The research tables whose counts are tied by arithmetic, suppressed as a whole ({@link SuppressionPattern}).
 *
 * <p>Alliance–outcomes: per instrument and band, each count of the ALL row is the sum of the programs' rows (a
 * margin), and within a row the dropouts and returns to use are parts of the episodes; the episodes with attendance
 * behind the mean attendance rate are a hidden weight. Cohorts: within a row, initiated ⊆ admitted, engaged ⊆
 * initiated, eligible at 90 ⊆ 60 ⊆ 30 days ⊆ admitted, retained ⊆ eligible at each checkpoint, retained at 90 ⊆ 60 ⊆
 * 30, completed and dropped out ⊆ admitted: each difference is a count of people too. Weekly rows have no such
 * relation (their counts are of different things: sessions, attendances, clients, admissions), so they need only
 * the primary rule.
 */
public final class ResearchTables {

    /** The raw alliance row field carrying the number of episodes behind the mean attendance rate. */
    public static final String RATE_N = "rate_n";

    private static final List<String> ALLIANCE_COUNTS = List.of("episodes", "dropouts", "returns_to_use");
    private static final List<String> COHORT_COUNTS = List.of("admitted", "initiated", "engaged", "retained_30",
            "eligible_30", "retained_60", "eligible_60", "retained_90", "eligible_90", "completed", "dropped_out");
    /** Cohort counts, each with the counts it is part of (directly). */
    private static final Map<String, String> COHORT_PARENT = Map.ofEntries(
            Map.entry("initiated", "admitted"), Map.entry("engaged", "initiated"),
            Map.entry("eligible_30", "admitted"), Map.entry("eligible_60", "eligible_30"),
            Map.entry("eligible_90", "eligible_60"), Map.entry("retained_30", "eligible_30"),
            Map.entry("retained_60", "eligible_60"), Map.entry("retained_90", "eligible_90"),
            Map.entry("completed", "admitted"), Map.entry("dropped_out", "admitted"));
    /** Retained at a later checkpoint were retained at the earlier ones. */
    private static final Map<String, String> COHORT_SECOND_PARENT = Map.of(
            "retained_60", "retained_30", "retained_90", "retained_60");

    private final Suppression suppression;
    private final String allPrograms;
    private final Collection<Set<String>> insiders;

    /**
     * @param allPrograms the program id of the rows over every program ({@code ALL})
     * @param insiders    program sets whose data one reader holds (each director's programs)
     */
    public ResearchTables(Suppression suppression, String allPrograms, Collection<Set<String>> insiders) {
        this.suppression = suppression;
        this.allPrograms = allPrograms;
        this.insiders = insiders;
    }

    /**
     * The suppressed rows of a whole alliance–outcome table: every program row and ALL row of every instrument, as
     * raw rows (the output fields and {@link #RATE_N}). Suppression is decided over the whole table, so that any
     * answer — a few programs, or the ALL rows — shows part of one consistent pattern.
     */
    public List<Map<String, Object>> alliance(List<Map<String, Object>> raw) {
        SuppressionPattern pattern = alliancePattern(raw);
        Set<String> hidden = pattern.hidden();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : raw) {
            String key = text(row, "program_id") + "|" + text(row, "instrument") + "|" + text(row, "band");
            Map<String, Object> shown = new LinkedHashMap<>(row);
            shown.remove(RATE_N);
            Suppression.RowSuppression s = suppression.row(shown);
            ALLIANCE_COUNTS.forEach(f -> s.hide(f, hidden.contains(key + "#" + f)));
            s.hide("dropout_rate", s.hides("episodes") || s.hides("dropouts"))
                    .hide("return_to_use_rate", s.hides("episodes") || s.hides("returns_to_use"))
                    .hide("mean_attendance_rate", s.hides("episodes") || hidden.contains(key + "#" + RATE_N));
            rows.add(s.done());
        }
        return rows;
    }

    /** The cells and relations of a whole alliance table; cell ids are {@code program|instrument|band#field}. */
    SuppressionPattern alliancePattern(List<Map<String, Object>> raw) {
        SuppressionPattern pattern = pattern();
        Map<String, List<String>> programCellsByMargin = new TreeMap<>();
        for (Map<String, Object> row : raw) {
            String program = text(row, "program_id");
            String band = text(row, "instrument") + "|" + text(row, "band");
            String key = program + "|" + band;
            String owner = program.equals(allPrograms) ? null : program;
            for (String field : ALLIANCE_COUNTS) {
                pattern.cell(key + "#" + field, number(row, field), Kind.SHOWN, owner);
            }
            pattern.cell(key + "#" + RATE_N, number(row, RATE_N), Kind.WEIGHT, owner);
            for (String part : List.of("dropouts", "returns_to_use")) {
                String rest = key + "#episodes-" + part;
                pattern.cell(rest, number(row, "episodes") - number(row, part), Kind.COMPLEMENT, owner);
                pattern.relation(key + "#episodes", List.of(key + "#" + part, rest));
            }
            if (owner != null) {
                for (String field : concat(ALLIANCE_COUNTS, RATE_N)) {
                    programCellsByMargin.computeIfAbsent(band + "#" + field, m -> new ArrayList<>())
                            .add(key + "#" + field);
                }
            }
        }
        programCellsByMargin.forEach((margin, parts) -> {
            String total = allPrograms + "|" + margin;
            if (pattern.has(total)) {
                pattern.relation(total, parts);
            }
        });
        return pattern;
    }

    /** One suppressed cohort row, from its raw row and the number of discharged episodes behind the median stay. */
    public Map<String, Object> cohort(Map<String, Object> raw, long discharged) {
        Set<String> hidden = cohortPattern(raw, discharged).hidden();
        Suppression.RowSuppression s = suppression.row(raw);
        COHORT_COUNTS.forEach(f -> s.hide(f, hidden.contains(f)));
        return s.hide("median_los_days", hidden.contains("discharged")).done();
    }

    /** The cells and relations of one cohort row; cell ids are the field names. */
    SuppressionPattern cohortPattern(Map<String, Object> raw, long discharged) {
        SuppressionPattern pattern = pattern();
        for (String field : COHORT_COUNTS) {
            pattern.cell(field, number(raw, field), Kind.SHOWN, null);
        }
        pattern.cell("discharged", discharged, Kind.WEIGHT, null);
        for (String field : COHORT_COUNTS) {
            for (String ancestor : ancestors(field)) {
                String rest = ancestor + "-" + field;
                pattern.cell(rest, number(raw, ancestor) - number(raw, field), Kind.COMPLEMENT, null);
                pattern.relation(ancestor, List.of(field, rest));
            }
        }
        return pattern;
    }

    /** Every count a cohort count is part of, directly or through others. */
    static Set<String> ancestors(String field) {
        Set<String> found = new java.util.TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(field));
        while (!todo.isEmpty()) {
            String f = todo.remove(todo.size() - 1);
            for (String parent : new String[] {COHORT_PARENT.get(f), COHORT_SECOND_PARENT.get(f)}) {
                if (parent != null && found.add(parent)) {
                    todo.add(parent);
                }
            }
        }
        return found;
    }

    private SuppressionPattern pattern() {
        SuppressionPattern pattern = new SuppressionPattern(suppression.threshold());
        insiders.forEach(pattern::insider);
        return pattern;
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    private static String text(Map<String, Object> row, String field) {
        Object v = row.get(field);
        return v == null ? "" : v.toString();
    }

    private static long number(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
