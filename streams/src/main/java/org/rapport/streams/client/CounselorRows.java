package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.streams.indicators.counselor.CounselorFacts;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * A client's contributions to counselor alliance (SPEC §5.7) inside the window (as_of − 90 d, as_of]. Rows sent are
 * kept by time, so rows leaving the window are one range read; a change re-reads only the time ranges it touched.
 */
final class CounselorRows {

    /** A time range [from, to] (epoch millis, inclusive) whose rows a change may have changed. */
    record Span(long from, long to) {

        static Span at(Instant t) {
            return new Span(t.toEpochMilli(), t.toEpochMilli());
        }

        static Span of(Episode e) {
            return new Span(e.admittedAt().toEpochMilli(), e.isOpen() ? Long.MAX_VALUE : e.dischargedAt().toEpochMilli());
        }
    }

    private record Sent(String storeKey, CounselorFact fact) {
    }

    private final ProcessorContext<String, Derived> context;
    private final KeyValueStore<String, CounselorFact> sent;
    private final KeyValueStore<String, EpisodeState> episodeStates;
    private final ClientFacts facts;
    private final Rules rules;

    CounselorRows(ProcessorContext<String, Derived> context, ClientFacts facts, Rules rules) {
        this.context = context;
        this.sent = context.getStateStore(ClientStores.COUNSELOR_ROWS);
        this.episodeStates = context.getStateStore(ClientStores.EPISODES);
        this.facts = facts;
        this.rules = rules;
    }

    /** Deletes the rows that left the window, then brings the rows of {@code spans} up to date. */
    void refresh(String clientId, Instant asOf, List<Span> spans, Episodes.Result episodes, long ts) {
        long windowStart = asOf.minus(rules.counselorWindow()).toEpochMilli();
        for (KeyValue<String, CounselorFact> expired : entries(ClientKeys.first(clientId), ClientKeys.through(clientId, windowStart))) {
            sent.delete(expired.key);
            send(rowKey(clientId, expired.key), null, ts);
        }
        Map<String, Sent> before = new HashMap<>();
        Map<String, Sent> after = new LinkedHashMap<>();
        Map<String, Boolean> droppedOut = new HashMap<>();
        for (Span span : spans) {
            long from = Math.max(span.from(), windowStart + 1);
            long to = Math.min(span.to(), asOf.toEpochMilli());
            if (from > to) {
                continue;
            }
            for (KeyValue<String, CounselorFact> kv : entries(ClientKeys.from(clientId, from), ClientKeys.through(clientId, to))) {
                before.put(rowKey(clientId, kv.key), new Sent(kv.key, kv.value));
            }
            for (SessionOutcome o : facts.outcomes(clientId, from, to)) {
                boolean dropped = Episodes.at(episodes, o.at()).map(e -> droppedOut.computeIfAbsent(e.key(),
                        k -> isDroppedOut(clientId, e))).orElse(false);
                after.put(CounselorFacts.outcomeKey(clientId, o), new Sent(ClientKeys.timed(clientId, o.at(),
                        CounselorFacts.outcomeKey(clientId, o)), CounselorFacts.forOutcome(clientId, o, dropped)));
            }
            for (ScoredSurvey s : facts.surveys(clientId, from, to)) {
                CounselorFacts.forRating(clientId, s).ifPresent(f -> after.put(CounselorFacts.ratingKey(s),
                        new Sent(ClientKeys.timed(clientId, s.at(), CounselorFacts.ratingKey(s)), f)));
            }
        }
        before.forEach((rowKey, was) -> {
            if (!after.containsKey(rowKey)) {
                sent.delete(was.storeKey());
                send(rowKey, null, ts);
            }
        });
        after.forEach((rowKey, now) -> {
            Sent was = before.get(rowKey);
            if (was != null && was.storeKey().equals(now.storeKey()) && was.fact().equals(now.fact())) {
                return;
            }
            if (was != null && !was.storeKey().equals(now.storeKey())) {
                sent.delete(was.storeKey());
            }
            sent.put(now.storeKey(), now.fact());
            send(rowKey, now.fact(), ts);
        });
    }

    private boolean isDroppedOut(String clientId, Episode e) {
        EpisodeState state = episodeStates.get(ClientKeys.episode(clientId, e.admittedAt()));
        return state != null && state.getDroppedOut();
    }

    private void send(String rowKey, CounselorFact fact, long ts) {
        context.forward(new Record<>(rowKey, new Derived(Derived.Kind.COUNSELOR_FACT, fact), ts));
    }

    /** The fact key inside a store key {@code client|time|fact key}. */
    private static String rowKey(String clientId, String storeKey) {
        return storeKey.substring(clientId.length() + 1 + ClientKeys.pad(0).length() + 1);
    }

    private List<KeyValue<String, CounselorFact>> entries(String from, String to) {
        List<KeyValue<String, CounselorFact>> out = new ArrayList<>();
        try (KeyValueIterator<String, CounselorFact> it = sent.range(from, to)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
