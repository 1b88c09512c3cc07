package org.rapport.streams.query.suppression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which cells of a table of counts must be hidden so that no hidden count can be read or worked out by arithmetic
 * from what is shown (SPEC §7: primary suppression of counts from 1 to {@code threshold − 1}, and complementary
 * suppression so that the hidden ones cannot be recovered by subtraction).
 *
 * <p>A table is cells and additive relations ({@code total = part + part + …}): a margin (the ALL row of a column is
 * the sum of the programs' rows) or a nested count (admitted = initiated + those not initiated, the latter a
 * {@link Kind#COMPLEMENT} cell that is never shown). For every reader's point of view the pattern works out what the
 * reader can derive — what is shown, what the reader knows of its own programs, and, repeatedly, the only unknown of
 * a relation whose other cells it has. A hidden cell the reader could derive is exposed; so is a small complement;
 * so are unknown parts whose sum a known total gives away, if that sum is a small count. Each exposure hides one more
 * shown cell of the relation — the smallest non-zero part, the total last — until nothing is exposed.
 *
 * <p>Points of view: the outsider (a researcher) sees what is shown; each program's clinic also knows that program's
 * cells; an insider given with {@link #insider} (a director) knows all its programs' cells. A cell hidden to protect
 * a program must not be one whose value the reader already holds.
 */
public final class SuppressionPattern {

    /** What kind of number a cell holds. */
    public enum Kind {
        /** A count that is published (or hidden). */
        SHOWN,
        /** A count that is not published but decides whether a rate or mean built on it is: treated as if shown. */
        WEIGHT,
        /** A difference that is never published (e.g. admitted but not initiated): sensitive only if small. */
        COMPLEMENT
    }

    private record Cell(String id, long value, Kind kind, String owner) {
    }

    private record Relation(String total, List<String> parts) {
        List<String> members() {
            List<String> all = new ArrayList<>(parts.size() + 1);
            all.add(total);
            all.addAll(parts);
            return all;
        }
    }

    private static final int MAX_CHAIN = 8;

    private final int threshold;
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final List<Relation> relations = new ArrayList<>();
    private final Set<Set<String>> insiders = new LinkedHashSet<>();
    private final Set<String> hidden = new HashSet<>();
    private final Map<String, Set<String>> contributors = new HashMap<>();

    public SuppressionPattern(int threshold) {
        this.threshold = threshold;
    }

    /** Adds a cell; {@code owner} is the program whose data it is, or null for a cell over several (ALL). */
    public SuppressionPattern cell(String id, long value, Kind kind, String owner) {
        cells.put(id, new Cell(id, value, kind, owner));
        return this;
    }

    /** Adds {@code total = Σ parts}; every cell named must have been added. */
    public SuppressionPattern relation(String total, List<String> parts) {
        Relation relation = new Relation(total, List.copyOf(parts));
        relation.members().forEach(id -> {
            if (!cells.containsKey(id)) {
                throw new IllegalArgumentException("no cell " + id);
            }
        });
        relations.add(relation);
        return this;
    }

    /** A reader who knows every cell of these programs (beyond the outsider, and each single program). */
    public SuppressionPattern insider(Set<String> programs) {
        if (programs.size() > 1) {
            insiders.add(Set.copyOf(programs));
        }
        return this;
    }

    /** For audits: each relation as its total followed by its parts. */
    List<List<String>> relationsForAudit() {
        return relations.stream().map(Relation::members).toList();
    }

    /** For audits: the value, kind and owner of a cell. */
    long value(String id) {
        return cells.get(id).value;
    }

    Kind kind(String id) {
        return cells.get(id).kind;
    }

    String owner(String id) {
        return cells.get(id).owner;
    }

    Set<String> cellIds() {
        return cells.keySet();
    }

    /** For audits: the programs whose data a cell holds. */
    Set<String> contributorsOf(String id) {
        if (contributors.isEmpty()) {
            contributors();
        }
        return contributors.get(id);
    }

    /** True if a cell of this id was added. */
    public boolean has(String id) {
        return cells.containsKey(id);
    }

    public boolean isSmall(long count) {
        return count > 0 && count < threshold;
    }

    /** The ids of the cells to hide (never a complement: those are not shown anyway). */
    public Set<String> hidden() {
        contributors();
        hidden.clear();
        cells.values().stream().filter(c -> c.kind != Kind.COMPLEMENT && isSmall(c.value)).forEach(c -> hidden.add(c.id));
        relations.sort(Comparator.comparing(Relation::total).thenComparing(r -> String.join(",", r.parts())));
        List<Set<String>> viewpoints = viewpoints();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Set<String> viewpoint : viewpoints) {
                while (protectOnce(viewpoint)) {
                    changed = true;
                }
            }
        }
        return Set.copyOf(hidden);
    }

    private List<Set<String>> viewpoints() {
        List<Set<String>> viewpoints = new ArrayList<>();
        viewpoints.add(Set.of());
        new TreeSet<>(cells.values().stream().map(Cell::owner).filter(o -> o != null).toList())
                .forEach(o -> viewpoints.add(Set.of(o)));
        viewpoints.addAll(insiders);
        return viewpoints;
    }

    /** Finds one exposure seen from {@code viewpoint} and hides a cell against it; false when there is none. */
    private boolean protectOnce(Set<String> viewpoint) {
        Map<String, Relation> derivedBy = new HashMap<>();
        Set<String> derived = derivable(viewpoint, derivedBy);
        for (Cell cell : cells.values()) {
            if (derivedBy.containsKey(cell.id) && isProtected(cell, viewpoint)
                    && breakChain(derivedBy.get(cell.id), viewpoint, derivedBy, 0)) {
                return true;
            }
        }
        for (Relation relation : relations) {
            if (!derived.contains(relation.total())) {
                continue;
            }
            List<Cell> unknown = relation.parts().stream().filter(id -> !derived.contains(id)).map(cells::get).toList();
            if (unknown.size() > 1 && unknown.stream().anyMatch(c -> isProtected(c, viewpoint))
                    && isSmall(unknown.stream().mapToLong(Cell::value).sum())
                    && breakChain(relation, viewpoint, derivedBy, 0)) {
                return true;
            }
        }
        return false;
    }

    /** A cell the reader must not learn: any hidden cell not its own, and a small complement not its own. */
    private boolean isProtected(Cell c, Set<String> viewpoint) {
        if (ownData(c, viewpoint)) {
            return false;
        }
        return c.kind == Kind.COMPLEMENT ? isSmall(c.value) : hidden.contains(c.id);
    }

    /** The reader's own data: a cell of its programs, or one only its programs contribute to (an ALL cell). */
    private boolean ownData(Cell c, Set<String> viewpoint) {
        Set<String> from = contributors.get(c.id);
        return c.owner != null && viewpoint.contains(c.owner) || !from.isEmpty() && viewpoint.containsAll(from);
    }

    /**
     * Whose data each cell holds: a program's cell its program's; a total without owner (an ALL cell) the programs
     * of its non-zero parts; a complement its total's.
     */
    private void contributors() {
        contributors.clear();
        cells.values().forEach(c -> contributors.put(c.id, c.owner == null ? new TreeSet<>() : new TreeSet<>(Set.of(c.owner))));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Relation relation : relations) {
                Cell total = cells.get(relation.total());
                for (String id : relation.parts()) {
                    Cell part = cells.get(id);
                    if (total.owner == null && part.value != 0 && part.kind != Kind.COMPLEMENT) {
                        grew |= contributors.get(total.id).addAll(contributors.get(id));
                    }
                    if (part.kind == Kind.COMPLEMENT && part.owner == null) {
                        grew |= contributors.get(id).addAll(contributors.get(total.id));
                    }
                }
            }
        }
    }

    /** What the reader holds: shown cells, its own cells, then the last unknown of any relation, repeatedly. */
    private Set<String> derivable(Set<String> viewpoint, Map<String, Relation> derivedBy) {
        Set<String> known = new HashSet<>();
        for (Cell c : cells.values()) {
            if (ownData(c, viewpoint) || c.kind != Kind.COMPLEMENT && !hidden.contains(c.id)) {
                known.add(c.id);
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Relation relation : relations) {
                List<String> unknown = relation.members().stream().filter(id -> !known.contains(id)).toList();
                if (unknown.size() == 1) {
                    known.add(unknown.get(0));
                    derivedBy.put(unknown.get(0), relation);
                    grew = true;
                }
            }
        }
        return known;
    }

    /**
     * Hides a shown cell of {@code relation} that the reader holds and does not own — the smallest non-zero part, then
     * zeros, the total last. When the relation has none (its other cells were themselves derived), breaks the chain
     * one step back.
     */
    private boolean breakChain(Relation relation, Set<String> viewpoint, Map<String, Relation> derivedBy, int depth) {
        Comparator<Cell> order = Comparator.comparing((Cell c) -> c.id.equals(relation.total()))
                .thenComparing(c -> c.value == 0).thenComparingLong(Cell::value).thenComparing(Cell::id);
        Optional<Cell> choice = relation.members().stream().map(cells::get)
                .filter(c -> c.kind != Kind.COMPLEMENT && !hidden.contains(c.id) && !ownData(c, viewpoint))
                .min(order);
        if (choice.isPresent()) {
            hidden.add(choice.get().id);
            return true;
        }
        if (depth < MAX_CHAIN) {
            for (String id : relation.members()) {
                Relation earlier = derivedBy.get(id);
                if (earlier != null && earlier != relation
                        && breakChain(earlier, viewpoint, derivedBy, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
