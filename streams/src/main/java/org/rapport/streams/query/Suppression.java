package org.rapport.streams.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small-cell suppression of research answers (SPEC §7): every count from 1 to {@code threshold − 1} becomes
 * {@code null}, and so does every rate or mean built on such a count. Zero is shown (it identifies no one).
 * A row tells what was hidden: {@code "suppressed": true|false} and {@code "suppressed_fields": [names]}.
 *
 * <p>A rule is applied to one row at a time. {@link #count} hides a shown count; {@link #derived} hides a rate
 * or mean when any of the counts it is built on is small — including counts the row does not show, such as
 * the number of surveys behind a mean.
 */
public final class Suppression {

    public static final String SUPPRESSED = "suppressed";
    public static final String SUPPRESSED_FIELDS = "suppressed_fields";

    private final int threshold;

    public Suppression(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("research.suppression.threshold must be at least 1, not " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** True for a count that would identify too few people: 1 to threshold − 1. */
    public boolean isSmall(long count) {
        return count > 0 && count < threshold;
    }

    /** Starts suppressing one row (the row is copied, never changed in place). */
    public RowSuppression row(Map<String, Object> row) {
        return new RowSuppression(new LinkedHashMap<>(row));
    }

    /** The suppression of one row, built field by field and finished by {@link #done()}. */
    public final class RowSuppression {
        private final Map<String, Object> row;
        private final List<String> hidden = new ArrayList<>();

        private RowSuppression(Map<String, Object> row) {
            this.row = row;
        }

        /** Hides the count {@code field} when it is small. */
        public RowSuppression count(String field) {
            Object value = row.get(field);
            if (value instanceof Number n && isSmall(n.longValue())) {
                hide(field);
            }
            return this;
        }

        /** Hides each small count of the map {@code field} (e.g. discharges by reason), as {@code field.key}. */
        public RowSuppression countsIn(String field) {
            if (row.get(field) instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    boolean small = v instanceof Number n && isSmall(n.longValue());
                    copy.put(k.toString(), small ? null : v);
                    if (small) {
                        hidden.add(field + "." + k);
                    }
                });
                row.put(field, copy);
            }
            return this;
        }

        /** Hides the rate or mean {@code field} when any of {@code basis} is small. */
        public RowSuppression derived(String field, long... basis) {
            for (long count : basis) {
                if (isSmall(count)) {
                    hide(field);
                    break;
                }
            }
            return this;
        }

        /** Hides {@code field} whatever its value (complementary suppression decided it). */
        public RowSuppression hide(String field, boolean really) {
            if (really) {
                hide(field);
            }
            return this;
        }

        /** True once {@code field} is to be hidden. */
        public boolean hides(String field) {
            return hidden.contains(field);
        }

        /** The value of a count of the row before suppression (0 when absent). */
        public long original(String field) {
            return row.get(field) instanceof Number n ? n.longValue() : 0;
        }

        private void hide(String field) {
            if (!hidden.contains(field)) {
                hidden.add(field);
            }
        }

        public Map<String, Object> done() {
            hidden.forEach(f -> {
                if (row.containsKey(f)) {
                    row.put(f, null);
                }
            });
            row.put(SUPPRESSED, !hidden.isEmpty());
            row.put(SUPPRESSED_FIELDS, List.copyOf(hidden));
            return row;
        }
    }
}
