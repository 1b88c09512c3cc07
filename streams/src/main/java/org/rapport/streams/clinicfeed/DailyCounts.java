package org.rapport.streams.clinicfeed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts by {@code clinic|day|type} in one store partition, keeping only the last {@code days} days before the
 * partition's stream time. Stream time moving into a new day prunes the store once (it holds at most clinics × days
 * × types entries, a few thousand); a count for a day already pruned is not added.
 */
final class DailyCounts {

    private final KeyValueStore<String, Long> store;
    private final int days;
    private LocalDate prunedFor;

    DailyCounts(KeyValueStore<String, Long> store, int days) {
        this.store = store;
        this.days = days;
    }

    /** Adds one to the count, unless its day is already out of the kept range at {@code streamTimeMs}. */
    void increment(String clinic, LocalDate day, String type, long streamTimeMs) {
        advance(streamTimeMs);
        if (day.isBefore(oldestKept(FeedKeys.utcDay(streamTimeMs)))) {
            return;
        }
        String key = FeedKeys.count(clinic, day, type);
        Long count = store.get(key);
        store.put(key, count == null ? 1L : count + 1);
    }

    /** Drops the days that fell out of the range, once per day of stream time. */
    void advance(long streamTimeMs) {
        LocalDate today = FeedKeys.utcDay(streamTimeMs);
        if (today.equals(prunedFor)) {
            return;
        }
        prunedFor = today;
        LocalDate oldest = oldestKept(today);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (FeedKeys.day(entry.key).isBefore(oldest)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }

    private LocalDate oldestKept(LocalDate today) {
        return today.minusDays(days - 1L);
    }
}
