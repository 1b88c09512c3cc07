package org.rapport.streams.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.DeadLetter;
import org.rapport.streams.clinicfeed.ClinicFeedTopology;
import org.rapport.streams.clinicfeed.FeedKeys;

/**
 * The local parts of the clinic endpoints: what Rapport received from a clinic per day and type, and the latest of its
 * events it refused (reasons only), from the clinic feed's stores ({@link ClinicFeedTopology}). A day's count of one
 * type may sit in several partitions (the feed does not repartition), so the merge sums.
 */
public final class ClinicQueries {

    /** The columns of a received row, in order. */
    public static final List<String> RECEIVED_COLUMNS = List.of("day", FeedKeys.EPISODE, FeedKeys.SESSION,
            FeedKeys.ATTENDANCE, FeedKeys.SURVEY, FeedKeys.TRAINING, "received", "rejected");
    public static final List<String> REJECTED_COLUMNS = List.of("failed_at", "type", "stage", "source_topic",
            "event_id", "reason");
    private static final String REJECTED = "rejected";

    private final LocalStores stores;

    public ClinicQueries(LocalStores stores) {
        this.stores = stores;
    }

    /** This instance's counts of the clinic for days in [from, to]: rows {day, type, count} and {day, rejected}. */
    public List<Map<String, Object>> received(Map<String, String> params) {
        String clinic = params.get("clinic");
        String from = FeedKeys.first(clinic) + params.getOrDefault("from", "");
        String to = FeedKeys.first(clinic) + params.getOrDefault("to", LocalStores.HIGHEST) + "|" + LocalStores.HIGHEST;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String store : List.of(ClinicFeedTopology.RECEIVED, ClinicFeedTopology.RECEIVED_SESSIONS,
                ClinicFeedTopology.RECEIVED_TRAININGS)) {
            stores.<Long>range(store, from, to, (key, count) -> rows.add(count(key, FeedKeys.type(key), count)));
        }
        stores.<Long>range(ClinicFeedTopology.REJECTED, from, to, (key, count) -> rows.add(count(key, REJECTED, count)));
        return rows;
    }

    /** Sums every instance's counts into one row per day, oldest first; a type without events counts 0. */
    public static List<Map<String, Object>> mergeReceived(List<Map<String, Object>> counts) {
        Map<String, Map<String, Object>> days = new TreeMap<>();
        for (Map<String, Object> c : counts) {
            Map<String, Object> day = days.computeIfAbsent(Rows.text(c, "day"), ClinicQueries::emptyDay);
            String type = Rows.text(c, "type");
            long n = ProgramQueries.number(c, "count");
            String column = RECEIVED_COLUMNS.contains(type) ? type : null;
            if (column != null) {
                day.merge(column, n, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
            }
            if (!type.equals(REJECTED)) {
                day.merge("received", n, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
            }
        }
        return new ArrayList<>(days.values());
    }

    /** This instance's kept dead letters of the clinic. */
    public List<Map<String, Object>> rejected(Map<String, String> params) {
        String clinic = params.get("clinic");
        List<Map<String, Object>> rows = new ArrayList<>();
        stores.<DeadLetter>range(ClinicFeedTopology.REJECTIONS, FeedKeys.first(clinic), FeedKeys.afterLast(clinic),
                (key, letter) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("failed_at", Rows.plain(letter.getFailedAt()));
                    row.put("type", FeedKeys.typeOfTopic(letter.getSourceTopic()));
                    row.put("stage", letter.getStage().name());
                    row.put("source_topic", letter.getSourceTopic());
                    row.put("event_id", letter.getEventId());
                    row.put("reason", letter.getReason());
                    row.put("key", key);
                    rows.add(row);
                });
        return rows;
    }

    /** Newest first (ties by key, so every instance orders alike), at most {@code limit}, without the store key. */
    public static List<Map<String, Object>> newestRejections(List<Map<String, Object>> rows, int limit) {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Map<String, Object> r) -> Instant.parse(Rows.text(r, "failed_at"))).reversed()
                .thenComparing(r -> Rows.text(r, "key")));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : sorted.subList(0, Math.min(limit, sorted.size()))) {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.remove("key");
            out.add(copy);
        }
        return out;
    }

    private static Map<String, Object> count(String key, String type, long count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("day", FeedKeys.day(key).toString());
        row.put("type", type);
        row.put("count", count);
        return row;
    }

    private static Map<String, Object> emptyDay(String day) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("day", day);
        RECEIVED_COLUMNS.stream().skip(1).forEach(c -> row.put(c, 0L));
        return row;
    }

}
