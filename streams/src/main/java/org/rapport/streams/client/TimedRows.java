package org.rapport.streams.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * A family of rows the client stage sends per session outcome and per rating (counselor alliance's, training
 * effects'), each with its episode's dropout. Rows sent are kept by time ({@code client|time|row key}), so a change
 * re-reads only the time ranges it touched, and — for a family with a window (as_of − window, as_of] — rows leaving
 * it are one range read.
 *
 * @param <V> the row type
 */
final class TimedRows<V extends SpecificRecord> {

    /** How a family makes its rows. */
    interface Family<V> {

        String outcomeKey(String clientId, SessionOutcome o);

        V forOutcome(String clientId, SessionOutcome o, Optional<Episode> episode, boolean episodeDroppedOut);

        String ratingKey(ScoredSurvey s);

        Optional<V> forRating(String clientId, ScoredSurvey s);
    }

    /** A time range [from, to] (epoch millis, inclusive) whose rows a change may have changed. */
    record Span(long from, long to) {

        static Span at(Instant t) {
            return new Span(t.toEpochMilli(), t.toEpochMilli());
        }

        static Span of(Episode e) {
            return new Span(e.admittedAt().toEpochMilli(), e.isOpen() ? Long.MAX_VALUE : e.dischargedAt().toEpochMilli());
        }
    }

    /** A span's standing outcomes and surveys, read once for every family (both families need the same facts). */
    record SpanFacts(Span span, List<SessionOutcome> outcomes, List<ScoredSurvey> surveys) {

        static List<SpanFacts> read(ClientFacts facts, String clientId, List<Span> spans, Instant asOf) {
            List<SpanFacts> out = new ArrayList<>(spans.size());
            for (Span span : spans) {
                long to = Math.min(span.to(), asOf.toEpochMilli());
                out.add(new SpanFacts(span, facts.outcomes(clientId, span.from(), to), facts.surveys(clientId, span.from(), to)));
            }
            return out;
        }
    }

    private record Sent<V>(String storeKey, V row) {
    }

    private final ProcessorContext<String, Derived> context;
    private final KeyValueStore<String, V> sent;
    private final KeyValueStore<String, EpisodeState> episodeStates;
    private final Derived.Kind kind;
    private final Family<V> family;
    private final Duration window;

    /** @param window the rows' window before as_of, or null for rows kept whatever their age */
    TimedRows(ProcessorContext<String, Derived> context, String store, Derived.Kind kind, Family<V> family,
              Duration window) {
        this.context = context;
        this.sent = context.getStateStore(store);
        this.episodeStates = context.getStateStore(ClientStores.EPISODES);
        this.kind = kind;
        this.family = family;
        this.window = window;
    }

    /** Deletes the rows that left the window (if any), then brings the rows of {@code spans} up to date. */
    void refresh(String clientId, Instant asOf, List<SpanFacts> spans, Episodes.Result episodes, Long passedMidnight,
                 long ts) {
        long windowStart = window == null ? Long.MIN_VALUE : asOf.minus(window).toEpochMilli();
        expire(clientId, asOf, passedMidnight, ts);
        if (spans.isEmpty()) {
            return;
        }
        Map<String, Sent<V>> before = new HashMap<>();
        Map<String, Sent<V>> after = new LinkedHashMap<>();
        Map<String, Boolean> droppedOut = new HashMap<>();
        for (SpanFacts read : spans) {
            Span span = read.span();
            long from = window == null ? span.from() : Math.max(span.from(), windowStart + 1);
            long to = window == null ? span.to() : Math.min(span.to(), asOf.toEpochMilli());
            if (from > to) {
                continue;
            }
            for (KeyValue<String, V> kv : entries(ClientKeys.from(clientId, from), ClientKeys.through(clientId, to))) {
                before.put(rowKey(clientId, kv.key), new Sent<>(kv.key, kv.value));
            }
            for (SessionOutcome o : read.outcomes()) {
                if (o.at().toEpochMilli() < from || o.at().toEpochMilli() > to) {
                    continue;
                }
                Optional<Episode> episode = Episodes.at(episodes, o.at());
                boolean dropped = episode.map(e -> droppedOut.computeIfAbsent(e.key(), k -> isDroppedOut(clientId, e)))
                        .orElse(false);
                String key = family.outcomeKey(clientId, o);
                after.put(key, new Sent<>(ClientKeys.timed(clientId, o.at(), key),
                        family.forOutcome(clientId, o, episode, dropped)));
            }
            for (ScoredSurvey s : read.surveys()) {
                if (s.at().toEpochMilli() < from || s.at().toEpochMilli() > to) {
                    continue;
                }
                String key = family.ratingKey(s);
                family.forRating(clientId, s).ifPresent(row ->
                        after.put(key, new Sent<>(ClientKeys.timed(clientId, s.at(), key), row)));
            }
        }
        before.forEach((rowKey, was) -> {
            if (!after.containsKey(rowKey)) {
                sent.delete(was.storeKey());
                send(rowKey, null, ts);
            }
        });
        after.forEach((rowKey, now) -> {
            Sent<V> was = before.get(rowKey);
            if (was != null && was.storeKey().equals(now.storeKey()) && was.row().equals(now.row())) {
                return;
            }
            if (was != null && !was.storeKey().equals(now.storeKey())) {
                sent.delete(was.storeKey());
            }
            sent.put(now.storeKey(), now.row());
            send(rowKey, now.row(), ts);
        });
    }

    /**
     * Deletes the rows that left the window (as_of − window, as_of]: one range read, none for a family without one.
     * The read starts at {@code passedMidnight} − window, not at the client's first key: every client's rows up to
     * there were deleted by that midnight's pass (and none older is ever added), and in RocksDB a read from the first
     * key would skip every deleted row's tombstone — a cost that grows with the client's history.
     *
     * @param passedMidnight the last UTC midnight whose pass over every client is complete, null before the first
     */
    void expire(String clientId, Instant asOf, Long passedMidnight, long ts) {
        if (window == null) {
            return;
        }
        long windowStart = asOf.minus(window).toEpochMilli();
        String from = passedMidnight == null ? ClientKeys.first(clientId)
                : ClientKeys.from(clientId, Math.max(0, passedMidnight - window.toMillis()));
        for (KeyValue<String, V> expired : entries(from, ClientKeys.through(clientId, windowStart))) {
            sent.delete(expired.key);
            send(rowKey(clientId, expired.key), null, ts);
        }
    }

    private boolean isDroppedOut(String clientId, Episode e) {
        EpisodeState state = episodeStates.get(ClientKeys.episode(clientId, e.admittedAt()));
        return state != null && state.getDroppedOut();
    }

    private void send(String rowKey, V row, long ts) {
        context.forward(new Record<>(rowKey, new Derived(kind, row), ts));
    }

    /** The row key inside a store key {@code client|time|row key}. */
    private static String rowKey(String clientId, String storeKey) {
        return storeKey.substring(clientId.length() + 1 + ClientKeys.pad(0).length() + 1);
    }

    private List<KeyValue<String, V>> entries(String from, String to) {
        List<KeyValue<String, V>> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it = sent.range(from, to)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
