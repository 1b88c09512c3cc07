package org.rapport.streams.indicators;

import java.util.Map;

/**
 * Multisets kept as key → count maps inside aggregates (sessions held, distinct clients, discharge
 * reasons, lengths of stay): a key leaves the map when its count drops to zero, so "distinct" is the size.
 */
public final class Counts {

    private Counts() {
    }

    public static void add(Map<String, Integer> counts, String key, int delta) {
        int n = counts.getOrDefault(key, 0) + delta;
        if (n == 0) {
            counts.remove(key);
        } else {
            counts.put(key, n);
        }
    }
}
