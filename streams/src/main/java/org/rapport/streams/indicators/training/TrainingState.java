package org.rapport.streams.indicators.training;

import static org.rapport.streams.indicators.training.TrainingStores.HIGHEST;
import static org.rapport.streams.indicators.training.TrainingStores.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.Curriculum;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.avro.internal.TrainingSums;

/**
 * The stores of the training-effects stage ({@link TrainingStores}) and the questions the stage asks them: which
 * windows a counselor's row at an instant falls in, a counselor's contribution to a window, whether an episode has
 * a session of a counselor in a window. Every read is a point lookup or a range over one counselor (and episode)
 * inside one window: nothing here scans a history or every counselor.
 */
final class TrainingState {

    enum Group { TRAINED, COMPARISON }

    enum Window { BEFORE, AFTER }

    /**
     * One window a row counts in: training {@code training}'s {@code group}, the window {@code [from, to)} of the
     * trained counselor {@code trained} (for a comparison counselor, one of the trained counselors it stands beside).
     */
    record Target(String training, Group group, Window window, String trained, long from, long to) {
        String sumsKey() {
            return sumsKey(training, group, window);
        }

        static String sumsKey(String training, Group group, Window window) {
            return training + "|" + group + "|" + window;
        }
    }

    final KeyValueStore<String, TrainingContribution> rows;
    final KeyValueStore<String, Long> timeline;
    final KeyValueStore<String, Long> episodes;
    final KeyValueStore<String, TrainingEvent> events;
    final KeyValueStore<String, Long> index;
    final KeyValueStore<String, TrainingSums> sums;
    final KeyValueStore<String, TrainingEffect> effects;
    final KeyValueStore<String, TrainingEffect> shapes;
    final KeyValueStore<String, String> sessions;
    final Duration window;

    TrainingState(ProcessorContext<?, ?> context, Duration window) {
        this.rows = context.getStateStore(TrainingStores.ROWS);
        this.timeline = context.getStateStore(TrainingStores.TIMELINE);
        this.episodes = context.getStateStore(TrainingStores.EPISODES);
        this.events = context.getStateStore(TrainingStores.EVENTS);
        this.index = context.getStateStore(TrainingStores.INDEX);
        this.sums = context.getStateStore(TrainingStores.SUMS);
        this.effects = context.getStateStore(TrainingStores.EFFECTS);
        this.shapes = context.getStateStore(TrainingStores.SHAPES);
        this.sessions = context.getStateStore(TrainingStores.SESSIONS);
        this.window = window;
    }

    // --- rows -------------------------------------------------------------------------------------------

    /**
     * Replaces the row kept under {@code key} ({@code stored}, or null) by {@code row} (or null: deletes it), with its
     * indexes: a session row in its session's list, a counted row in its counselor's timeline and, with an episode,
     * in the counselor's episodes. Only index entries whose key or value changed are written, so a row that changes
     * a flag rewrites one entry, not every index.
     */
    void replace(String key, TrainingContribution stored, TrainingContribution row) {
        if (row == null) {
            rows.delete(key);
        } else {
            rows.put(key, row);
        }
        String sessionBefore = stored == null ? null : stored.getSessionId();
        String sessionAfter = row == null ? null : row.getSessionId();
        if (sessionBefore != null && !sessionBefore.equals(sessionAfter)) {
            index.delete("sessionRow|" + sessionBefore + "|" + key);
        }
        if (sessionAfter != null && !sessionAfter.equals(sessionBefore)) {
            index.put("sessionRow|" + sessionAfter + "|" + key, 0L);
        }
        String timelineBefore = counted(stored) ? timelineKey(key, stored) : null;
        String timelineAfter = counted(row) ? timelineKey(key, row) : null;
        if (timelineBefore != null && !timelineBefore.equals(timelineAfter)) {
            timeline.delete(timelineBefore);
        }
        if (timelineAfter != null && !timelineAfter.equals(timelineBefore)) {
            timeline.put(timelineAfter, 0L);
        }
        String episodeBefore = counted(stored) && stored.getEpisode() != null ? episodeKey(key, stored) : null;
        String episodeAfter = counted(row) && row.getEpisode() != null ? episodeKey(key, row) : null;
        if (episodeBefore != null && !episodeBefore.equals(episodeAfter)) {
            episodes.delete(episodeBefore);
        }
        if (episodeAfter != null && (!episodeAfter.equals(episodeBefore)
                || stored.getEpisodeDroppedOut() != row.getEpisodeDroppedOut())) {
            episodes.put(episodeAfter, row.getEpisodeDroppedOut() ? 1L : 0L);
        }
    }

    /** A row counts once it has a counselor: a rating names one, a session's comes from its session event. */
    static boolean counted(TrainingContribution row) {
        return row != null && !row.getCounselorId().isEmpty();
    }

    /** The row with the counselor of its session as now known ("" while the session is unknown); a rating as is. */
    TrainingContribution attributed(TrainingContribution row) {
        if (row == null || row.getSessionId() == null) {
            return row;
        }
        String session = sessions.get(row.getSessionId());
        String counselor = session == null ? "" : part(session, 0);
        return counselor.equals(row.getCounselorId()) ? row
                : TrainingContribution.newBuilder(row).setCounselorId(counselor).build();
    }

    /** The keys of the rows of one session. */
    List<String> rowsOf(String sessionId) {
        List<String> out = new ArrayList<>();
        String prefix = "sessionRow|" + sessionId + "|";
        prefix(prefix, (key, v) -> out.add(key.substring(prefix.length())));
        return out;
    }

    private static String timelineKey(String key, TrainingContribution row) {
        return row.getCounselorId() + "|" + time(row.getOccurredAt().toEpochMilli()) + "|" + key;
    }

    private static String episodeKey(String key, TrainingContribution row) {
        return row.getCounselorId() + "|" + row.getEpisode() + "|" + time(row.getOccurredAt().toEpochMilli()) + "|" + key;
    }

    /**
     * The windows a row of {@code counselor} at {@code at} counts in: one per pair the counselor is the counted one of
     * — its own trainings', and those of the trained counselors it stands beside in a comparison group.
     */
    List<Target> targets(String counselor, long at) {
        List<Target> out = new ArrayList<>();
        prefix("pairOf|" + counselor + "|", (key, completed) -> {
            String trained = part(key, 3);
            windowOf(at, completed).ifPresent(w -> out.add(target(part(key, 2), groupOf(trained, counselor), w, trained,
                    completed)));
        });
        return out;
    }

    /** A pair (trained counselor i, counted counselor j) is i's own when j = i, else a comparison pair. */
    static Group groupOf(String trained, String counted) {
        return trained.equals(counted) ? Group.TRAINED : Group.COMPARISON;
    }

    private java.util.Optional<Window> windowOf(long at, long completed) {
        long w = window.toMillis();
        if (at >= completed - w && at < completed) {
            return java.util.Optional.of(Window.BEFORE);
        }
        if (at >= completed && at < completed + w) {
            return java.util.Optional.of(Window.AFTER);
        }
        return java.util.Optional.empty();
    }

    Target target(String training, Group group, Window w, String trained, long completed) {
        long span = window.toMillis();
        return w == Window.BEFORE ? new Target(training, group, w, trained, completed - span, completed)
                : new Target(training, group, w, trained, completed, completed + span);
    }

    /** {1, dropped} when {@code episode} has a session of {@code counselor} in [from, to), else {0, 0}. */
    long[] episodeIn(String counselor, String episode, long from, long to) {
        String base = counselor + "|" + episode + "|";
        long[] status = {0, 0};
        try (KeyValueIterator<String, Long> it = episodes.range(base + time(from), base + time(to))) {
            while (it.hasNext()) {
                status[0] = 1;
                if (it.next().value == 1L) {
                    status[1] = 1;
                    break;
                }
            }
        }
        return status;
    }

    /** Adds {@code counselor}'s contribution to [from, to): its rows there, and its distinct episodes there. */
    void addContribution(TrainingSums into, String counselor, long from, long to) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        String base = counselor + "|";
        // timeline keys are counselor|time|row key; the row itself is kept once, in the rows store
        int rowKeyAt = base.length() + time(0).length() + 1;
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = timeline.range(base + time(from), base + time(to))) {
            it.forEachRemaining(kv -> keys.add(kv.key.substring(rowKeyAt)));
        }
        for (String key : keys) {
            TrainingContribution row = rows.get(key);
            WindowSums.addRow(into, row, 1);
            if (row.getEpisode() != null) {
                seen.merge(row.getEpisode(), row.getEpisodeDroppedOut(), Boolean::logicalOr);
            }
        }
        WindowSums.addEpisode(into, seen.size(), seen.values().stream().filter(d -> d).count());
    }

    // --- structure ------------------------------------------------------------------------------------

    /** The trained counselors of a training and their completions. */
    List<KeyValue<String, Long>> completions(String training) {
        List<KeyValue<String, Long>> out = new ArrayList<>();
        prefix("done|" + training + "|", (key, c) -> out.add(KeyValue.pair(part(key, 2), c)));
        return out;
    }

    /** The trainings a counselor completed. */
    List<String> trainingsOf(String counselor) {
        List<String> out = new ArrayList<>();
        prefix("trained|" + counselor + "|", (key, c) -> out.add(part(key, 2)));
        return out;
    }

    List<String> trainingsIn(Curriculum curriculum) {
        List<String> out = new ArrayList<>();
        prefix("curriculumTraining|" + curriculum + "|", (key, v) -> out.add(part(key, 2)));
        return out;
    }

    Curriculum curriculum(String training) {
        Long ordinal = index.get("curriculum|" + training);
        return ordinal == null ? null : Curriculum.values()[ordinal.intValue()];
    }

    /** True when {@code counselor} completed some training of {@code curriculum}. */
    boolean trainedIn(String counselor, Curriculum curriculum) {
        boolean[] found = {false};
        try (KeyValueIterator<String, Long> it = index.prefixScan("curriculumCounselor|" + curriculum + "|" + counselor
                + "|", new StringSerializer())) {
            found[0] = it.hasNext();
        }
        return found[0];
    }

    List<String> programsOf(String counselor) {
        List<String> out = new ArrayList<>();
        prefix("cp|" + counselor + "|", (key, n) -> out.add(part(key, 2)));
        return out;
    }

    List<String> counselorsIn(String program) {
        List<String> out = new ArrayList<>();
        prefix("pc|" + program + "|", (key, n) -> out.add(part(key, 2)));
        return out;
    }

    long streamTime() {
        Long t = index.get("time");
        return t == null ? Long.MIN_VALUE : t;
    }

    TrainingSums sums(String training, Group group, Window w) {
        TrainingSums s = sums.get(Target.sumsKey(training, group, w));
        return s == null ? WindowSums.empty() : s;
    }

    void prefix(String prefix, BiConsumer<String, Long> each) {
        List<KeyValue<String, Long>> found = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = index.range(prefix, prefix + HIGHEST)) {
            it.forEachRemaining(found::add);
        }
        found.forEach(kv -> each.accept(kv.key, kv.value));
    }

    static String part(String key, int n) {
        return key.split("\\|")[n];
    }
}
