package org.rapport.streams.indicators.cohorts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.Cohort;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.EpisodeFact;
import org.rapport.streams.indicators.Counts;

/** Adder, subtractor and output mapping of the cohort sums. */
public final class CohortAggregates {

    private final int checkpoints;

    public CohortAggregates(int checkpoints) {
        this.checkpoints = checkpoints;
    }

    public CohortAggregate empty() {
        return CohortAggregate.newBuilder()
                .setEligible(new ArrayList<>(Collections.nCopies(checkpoints, 0)))
                .setRetained(new ArrayList<>(Collections.nCopies(checkpoints, 0)))
                .setLosCounts(new HashMap<>()).build();
    }

    public CohortAggregate add(String key, EpisodeFact f, CohortAggregate agg) {
        return apply(f, agg, 1);
    }

    public CohortAggregate subtract(String key, EpisodeFact f, CohortAggregate agg) {
        return apply(f, agg, -1);
    }

    private static CohortAggregate apply(EpisodeFact f, CohortAggregate a, int sign) {
        a.setProgramId(f.getProgramId());
        a.setMonth(f.getMonth());
        a.setAdmitted(a.getAdmitted() + sign);
        a.setInitiated(a.getInitiated() + (f.getInitiated() ? sign : 0));
        a.setEngaged(a.getEngaged() + (f.getEngaged() ? sign : 0));
        for (int i = 0; i < f.getEligible().size() && i < a.getEligible().size(); i++) {
            a.getEligible().set(i, a.getEligible().get(i) + (f.getEligible().get(i) ? sign : 0));
            a.getRetained().set(i, a.getRetained().get(i) + (f.getRetained().get(i) ? sign : 0));
        }
        a.setCompleted(a.getCompleted() + (f.getCompleted() ? sign : 0));
        a.setDroppedOut(a.getDroppedOut() + (f.getDroppedOut() ? sign : 0));
        if (f.getLosDays() != null) {
            Counts.add(a.getLosCounts(), String.valueOf(f.getLosDays()), sign);
        }
        return a;
    }

    /** The output row (retention checkpoints in configured order map to the 30/60/90 fields), or a tombstone. */
    public static Cohort toOutput(CohortAggregate a) {
        if (a == null || a.getAdmitted() == 0) {
            return null;
        }
        return Cohort.newBuilder()
                .setProgramId(a.getProgramId())
                .setMonth(a.getMonth())
                .setAdmitted(a.getAdmitted())
                .setInitiated(a.getInitiated())
                .setEngaged(a.getEngaged())
                .setRetained30(at(a.getRetained(), 0)).setEligible30(at(a.getEligible(), 0))
                .setRetained60(at(a.getRetained(), 1)).setEligible60(at(a.getEligible(), 1))
                .setRetained90(at(a.getRetained(), 2)).setEligible90(at(a.getEligible(), 2))
                .setCompleted(a.getCompleted())
                .setDroppedOut(a.getDroppedOut())
                .setMedianLosDays(median(a.getLosCounts()))
                .build();
    }

    private static int at(List<Integer> values, int i) {
        return i < values.size() ? values.get(i) : 0;
    }

    /** The median of a multiset given as value -> count; the mean of the two middle values for an even count. */
    static Double median(Map<String, Integer> counts) {
        TreeMap<Integer, Integer> sorted = new TreeMap<>();
        counts.forEach((k, n) -> sorted.put(Integer.parseInt(k), n));
        int total = sorted.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return null;
        }
        return (valueAt(sorted, (total - 1) / 2) + valueAt(sorted, total / 2)) / 2.0;
    }

    private static int valueAt(TreeMap<Integer, Integer> sorted, int index) {
        int seen = 0;
        for (Map.Entry<Integer, Integer> e : sorted.entrySet()) {
            seen += e.getValue();
            if (index < seen) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("index beyond the multiset");
    }
}
