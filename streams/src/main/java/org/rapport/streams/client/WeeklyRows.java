package org.rapport.streams.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.Alert;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.avro.internal.WeeklyFact;
import org.rapport.avro.internal.WeeklySession;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.indicators.weekly.WeeklyFacts;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;

/**
 * A client's rows of the program weeks (SPEC §5.4), rebuilt one week at a time from that week's facts when
 * something in the week changed, and sent only when the row changed.
 */
final class WeeklyRows {

    /** A program week a change touched. */
    record Week(String programId, int epochDay) {

        static Week of(String programId, Instant at) {
            return new Week(programId, WeeklyFacts.weekOf(at));
        }
    }

    private static final Duration WEEK = Duration.ofDays(7);

    private final ProcessorContext<String, Derived> context;
    private final KeyValueStore<String, WeeklyFact> sent;
    private final KeyValueStore<String, EpisodeState> episodeStates;
    private final ClientFacts facts;

    WeeklyRows(ProcessorContext<String, Derived> context, ClientFacts facts) {
        this.context = context;
        this.sent = context.getStateStore(ClientStores.WEEKS);
        this.episodeStates = context.getStateStore(ClientStores.EPISODES);
        this.facts = facts;
    }

    void refresh(String clientId, Week week, Episodes.Result episodes, long ts) {
        long from = LocalDate.ofEpochDay(week.epochDay()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = from + WEEK.toMillis() - 1;
        List<ScoredSurvey> surveys = facts.surveys(clientId, from, to);
        List<Alert> alerts = new ArrayList<>();
        for (Episode e : episodes.episodes()) {
            boolean overlaps = e.admittedAt().toEpochMilli() <= to && (e.isOpen() || e.dischargedAt().toEpochMilli() >= from);
            EpisodeState state = overlaps ? episodeStates.get(ClientKeys.episode(clientId, e.admittedAt())) : null;
            if (state != null) {
                state.getAlerts().stream().filter(a -> a.getAt() >= from && a.getAt() <= to)
                        .forEach(a -> alerts.add(RaisedAlerts.toAlert(clientId, state.getClinicId(), state.getProgramId(), a)));
            }
        }
        surveys.forEach(s -> AlertRules.safety(clientId, s).ifPresent(alerts::add));
        WeeklyFact row = WeeklyFacts.row(week.programId(), week.epochDay(), facts.outcomes(clientId, from, to),
                episodes.episodes(), alerts, surveys);
        String key = WeeklyFacts.key(week.programId(), week.epochDay(), clientId);
        WeeklyFact before = sent.get(key);
        sendSessionChanges(clientId, week, before, row, ts);
        if (row == null && before != null) {
            sent.delete(key);
            context.forward(new Record<>(key, new Derived(Derived.Kind.WEEKLY_FACT, null), ts));
        } else if (row != null && !row.equals(before)) {
            sent.put(key, row);
            context.forward(new Record<>(key, new Derived(Derived.Kind.WEEKLY_FACT, row), ts));
        }
    }

    /** The week's attended sessions that came or went with this row (SPEC §5.4 sessions_held counts them). */
    private void sendSessionChanges(String clientId, Week week, WeeklyFact before, WeeklyFact after, long ts) {
        List<String> was = before == null ? List.of() : before.getAttendedSessions();
        List<String> now = after == null ? List.of() : after.getAttendedSessions();
        for (String session : was) {
            if (!now.contains(session)) {
                sendSession(clientId, week, session, null, ts);
            }
        }
        for (String session : now) {
            if (!was.contains(session)) {
                sendSession(clientId, week, session, WeeklySession.newBuilder().setProgramId(week.programId())
                        .setWeekEpochDay(week.epochDay()).setSessionId(session).build(), ts);
            }
        }
    }

    private void sendSession(String clientId, Week week, String session, WeeklySession row, long ts) {
        String key = WeeklyFacts.programWeekKey(week.programId(), week.epochDay()) + "|" + session + "|" + clientId;
        context.forward(new Record<>(key, new Derived(Derived.Kind.WEEKLY_SESSION_FACT, row), ts));
    }
}
