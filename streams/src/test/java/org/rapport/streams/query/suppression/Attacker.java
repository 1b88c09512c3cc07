package org.rapport.streams.query.suppression;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A reader with a pencil, independent of {@link SuppressionPattern}'s own reasoning: it knows what is shown and the
 * cells of its own programs, writes every relation as a linear equation over the cells it does not know, and solves
 * the system exactly (Gaussian elimination). A hidden cell whose value the system fixes is recovered. It also tries
 * each relation's unknown parts as a group: a small sum they must add up to is recovered too.
 */
final class Attacker {

    private static final double EPSILON = 1e-9;

    private final SuppressionPattern pattern;
    private final Set<String> hidden;
    private final Set<String> owns;

    Attacker(SuppressionPattern pattern, Set<String> hidden, Set<String> ownPrograms) {
        this.pattern = pattern;
        this.hidden = hidden;
        this.owns = ownPrograms;
    }

    /** The hidden cells (not the reader's own) and small complements whose exact value the reader can work out. */
    Set<String> recovered() {
        List<String> unknowns = new ArrayList<>();
        for (String id : pattern.cellIds()) {
            if (!known(id)) {
                unknowns.add(id);
            }
        }
        List<double[]> rows = new ArrayList<>();
        for (List<String> relation : pattern.relationsForAudit()) {
            double[] row = new double[unknowns.size()];
            for (int i = 0; i < relation.size(); i++) {
                int at = unknowns.indexOf(relation.get(i));
                if (at >= 0) {
                    row[at] += i == 0 ? 1 : -1;
                }
            }
            rows.add(row);
        }
        int rank = rank(rows, unknowns.size());
        Set<String> recovered = new TreeSet<>();
        for (int j = 0; j < unknowns.size(); j++) {
            String id = unknowns.get(j);
            if (!sensitive(id)) {
                continue;
            }
            List<double[]> with = new ArrayList<>(rows);
            double[] unit = new double[unknowns.size()];
            unit[j] = 1;
            with.add(unit);
            if (rank(with, unknowns.size()) == rank) {
                recovered.add(id);
            }
        }
        recovered.addAll(smallGroups());
        return recovered;
    }

    private Set<String> smallGroups() {
        Set<String> found = new LinkedHashSet<>();
        for (List<String> relation : pattern.relationsForAudit()) {
            if (!known(relation.get(0))) {
                continue;
            }
            List<String> unknownParts = relation.subList(1, relation.size()).stream().filter(id -> !known(id)).toList();
            long sum = unknownParts.stream().mapToLong(pattern::value).sum();
            if (unknownParts.size() > 1 && unknownParts.stream().anyMatch(this::sensitive) && pattern.isSmall(sum)) {
                found.add("sum of " + unknownParts);
            }
        }
        return found;
    }

    private boolean known(String id) {
        return own(id) || pattern.kind(id) != SuppressionPattern.Kind.COMPLEMENT && !hidden.contains(id);
    }

    /** The reader's own data: its programs' cells, and cells only its programs contribute to. */
    private boolean own(String id) {
        String owner = pattern.owner(id);
        Set<String> from = pattern.contributorsOf(id);
        return owner != null && owns.contains(owner) || !from.isEmpty() && owns.containsAll(from);
    }

    private boolean sensitive(String id) {
        if (own(id)) {
            return false;
        }
        return pattern.kind(id) == SuppressionPattern.Kind.COMPLEMENT ? pattern.isSmall(pattern.value(id))
                : hidden.contains(id);
    }

    private static int rank(List<double[]> rows, int columns) {
        double[][] m = rows.stream().map(double[]::clone).toArray(double[][]::new);
        int rank = 0;
        for (int col = 0; col < columns && rank < m.length; col++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (Math.abs(m[r][col]) > EPSILON) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            double[] swap = m[pivot];
            m[pivot] = m[rank];
            m[rank] = swap;
            for (int r = 0; r < m.length; r++) {
                if (r != rank && Math.abs(m[r][col]) > EPSILON) {
                    double f = m[r][col] / m[rank][col];
                    for (int c = col; c < columns; c++) {
                        m[r][c] -= f * m[rank][c];
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
