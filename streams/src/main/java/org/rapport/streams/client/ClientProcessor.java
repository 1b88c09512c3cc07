package org.rapport.streams.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.Alert;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.avro.internal.ClientHead;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.avro.internal.EpisodeCheckpoint;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.indicators.status.ClientStatusCalculator;
import org.rapport.streams.indicators.status.StatusFacts;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;
import org.rapport.streams.timeline.UtcCalendar;

/**
 * The client stage (SPEC §9): keeps each client's facts as small entries and derives only what an event changes.
 * An attendance or survey derives its own episode again from that episode's facts; an episode event the episodes
 * whose boundaries moved; the program weeks and counselor rows touched are rebuilt from their own time range; the
 * status from the client's head and its 28-day window. Alerts that vanish are RETRACTED, facts that vanish deleted,
 * and only what changed is sent. Stream time (the largest occurred_at seen, ticks included) wakes the episodes whose
 * deadline or retention day passed, read by due time from a schedule, and, after each UTC midnight, every client's
 * {@code as_of} moves on (SPEC §5.2: the status is recomputed whenever stream time crosses a midnight) in a pass
 * spread over records and wall-clock steps ({@link MidnightPass}).
 */
public final class ClientProcessor implements Processor<String, SpecificRecord, String, Derived> {

    private static final String STREAM_TIME = "stream-time";

    private final Rules rules;
    private ProcessorContext<String, Derived> context;
    private ClientFacts facts;
    private KeyValueStore<String, EpisodeState> episodeStates;
    private KeyValueStore<String, ClientHead> heads;
    private KeyValueStore<String, ClientStatus> statuses;
    /**
     * The last UTC midnight whose pass is complete as this record or pass step is processed (null before the first):
     * every row of a windowed family at or before it minus the window is deleted, so expiry reads start there.
     */
    private Long passedMidnight;
    private KeyValueStore<String, Long> clock;
    private MidnightPass midnightPass;
    private MidnightPassSettings passSettings;
    private WakeSchedule wakes;
    private AlertOutput alerts;
    private WeeklyRows weeks;
    private TimedRows<CounselorFact> counselorRows;
    private TimedRows<TrainingContribution> trainingRows;
    private AllianceSessionRows allianceSessions;

    public ClientProcessor(Rules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Derived> context) {
        this.context = context;
        this.facts = new ClientFacts(context);
        this.episodeStates = context.getStateStore(ClientStores.EPISODES);
        this.heads = context.getStateStore(ClientStores.HEADS);
        this.statuses = context.getStateStore(ClientStores.STATUS);
        this.clock = context.getStateStore(ClientStores.CLOCK);
        this.midnightPass = new MidnightPass(clock, statuses);
        this.passSettings = MidnightPassSettings.from(context.appConfigs());
        context.schedule(passSettings.interval(), PunctuationType.WALL_CLOCK_TIME,
                wallClock -> continueMidnightPass(passSettings.clientsPerStep()));
        this.wakes = new WakeSchedule(context.getStateStore(ClientStores.WAKES));
        this.alerts = new AlertOutput(context);
        this.weeks = new WeeklyRows(context, facts);
        this.counselorRows = new TimedRows<>(context, ClientStores.COUNSELOR_ROWS, Derived.Kind.COUNSELOR_FACT,
                new CounselorRows(), rules.counselorWindow());
        this.trainingRows = new TimedRows<>(context, ClientStores.TRAINING_ROWS, Derived.Kind.TRAINING_CONTRIBUTION,
                new TrainingRows(), null);
        this.allianceSessions = new AllianceSessionRows(context);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Instant now = advanceStreamTime(record.timestamp());
        passedMidnight = midnightPass.completed();
        if (record.value() != null) {
            String clientId = record.key();
            ClientFacts.Change change = facts.add(clientId, record.value(), now.toEpochMilli());
            if (change != null) {
                apply(clientId, change, now);
            }
        }
        for (WakeSchedule.Wake wake : wakes.due(now)) {
            wakeUp(wake, now);
        }
        midnightPass.reached(UtcCalendar.midnightAtOrBefore(now).toEpochMilli());
        midnightPass.step(passSettings.clientsPerRecord(), (clientId, stored) -> atMidnight(clientId, stored, now));
    }

    /** A wall-clock step of the midnight pass in progress, if any, at the current stream time. */
    private void continueMidnightPass(int clients) {
        Long streamTime = clock.get(STREAM_TIME);
        if (streamTime == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(streamTime);
        passedMidnight = midnightPass.completed();
        midnightPass.step(clients, (clientId, stored) -> atMidnight(clientId, stored, now));
    }

    private Instant advanceStreamTime(long timestamp) {
        Long current = clock.get(STREAM_TIME);
        long now = current == null ? timestamp : Math.max(current, timestamp);
        if (current == null || now != current) {
            clock.put(STREAM_TIME, now);
        }
        return Instant.ofEpochMilli(now);
    }

    /** What one new fact changes: its episode(s), its week(s), its counselor rows, the status. */
    private void apply(String clientId, ClientFacts.Change change, Instant now) {
        ClientHead head = heads.get(clientId);
        head = Heads.absorb(head == null ? Heads.empty() : head, change.event());
        if (change.replaced() != null) {
            head = Heads.withLatest(head, facts.latest(clientId));
        }
        List<EpisodeEvent> episodeEvents = facts.episodeEvents(clientId);
        Episodes.Result episodes = Episodes.build(clientId, episodeEvents);
        Touched touched = new Touched();
        Map<String, EpisodeWork> toDerive = new LinkedHashMap<>();
        List<Episode> removed = new ArrayList<>();
        switch (change.kind()) {
            case EPISODE -> {
                EpisodeEvent added = (EpisodeEvent) change.event();
                List<EpisodeEvent> others = episodeEvents.stream()
                        .filter(e -> !e.getEventId().equals(added.getEventId())).toList();
                episodesChanged(Episodes.build(clientId, others), episodes, toDerive, removed, touched);
                if (episodes.dataQualityProblems() > head.getDataQualityProblems()) {
                    DataQuality.ignoredEpisodeEvents(episodes.dataQualityProblems() - head.getDataQualityProblems());
                }
                head.setDataQualityProblems(episodes.dataQualityProblems());
            }
            case ATTENDANCE -> {
                AttendanceEvent a = (AttendanceEvent) change.event();
                AttendanceEvent replaced = change.replaced();
                touchFact(episodes, a.getOccurredAt(), a.getProgramId(), SessionOutcome.of(a), replaced != null,
                        toDerive, touched);
                if (replaced != null) {
                    touchFact(episodes, replaced.getOccurredAt(), replaced.getProgramId(), null, true, toDerive, touched);
                }
            }
            case SURVEY -> {
                SurveyEvent s = (SurveyEvent) change.event();
                ScoredSurvey scored = ClientFacts.scored(s);
                touchFact(episodes, s.getOccurredAt(), s.getProgramId(), scored, false, toDerive, touched);
                if (AlertRules.safety(clientId, scored).isPresent()) {
                    sendSafety(clientId, s.getOccurredAt(), now.toEpochMilli());
                }
            }
        }
        heads.put(clientId, head);
        derive(clientId, episodes, toDerive.values(), removed, Set.of(), now, touched);
        finish(clientId, head, episodes, touched, now);
    }

    /**
     * An attendance or survey at {@code at}: its episode, its program week, its counselor rows.
     *
     * @param fact   the session outcome or scored survey to fold into its episode, null when there is none
     * @param replay true when the episode must fold again from its start (a correction replaced a session)
     */
    private static void touchFact(Episodes.Result episodes, Instant at, String programId, Object fact, boolean replay,
                                  Map<String, EpisodeWork> toDerive, Touched touched) {
        Episodes.at(episodes, at).ifPresent(e -> toDerive.merge(e.key(), new EpisodeWork(e, fact, replay),
                (a, b) -> new EpisodeWork(e, null, true)));
        touched.weeks.add(WeeklyRows.Week.of(programId, at));
        touched.spans.add(TimedRows.Span.at(at));
    }

    /** The episodes an episode event created, closed differently or dissolved, and the weeks and spans they cover. */
    private static void episodesChanged(Episodes.Result before, Episodes.Result after, Map<String, EpisodeWork> toDerive,
                                        List<Episode> removed, Touched touched) {
        Map<String, Episode> was = new HashMap<>();
        before.episodes().forEach(e -> was.put(e.key(), e));
        Set<String> still = new LinkedHashSet<>();
        for (Episode e : after.episodes()) {
            still.add(e.key());
            Episode old = was.get(e.key());
            if (old == null || !Objects.equals(old.discharge(), e.discharge())) {
                toDerive.put(e.key(), new EpisodeWork(e, null, true));
                touchEpisode(e, touched);
                if (old != null) {
                    touchEpisode(old, touched);
                }
            }
        }
        for (Episode e : before.episodes()) {
            if (!still.contains(e.key())) {
                removed.add(e);
                touchEpisode(e, touched);
            }
        }
    }

    private static void touchEpisode(Episode e, Touched touched) {
        touched.weeks.add(WeeklyRows.Week.of(e.programId(), e.admittedAt()));
        if (!e.isOpen()) {
            touched.weeks.add(WeeklyRows.Week.of(e.programId(), e.dischargedAt()));
        }
        touched.spans.add(TimedRows.Span.of(e));
    }

    /** A deadline or retention day of one episode passed: derive that episode again. */
    private void wakeUp(WakeSchedule.Wake wake, Instant now) {
        String clientId = wake.clientId();
        ClientHead head = heads.get(clientId);
        if (head == null) {
            return;
        }
        Episodes.Result episodes = Episodes.build(clientId, facts.episodeEvents(clientId));
        Episode episode = episodes.episodes().stream()
                .filter(e -> e.admittedAt().toEpochMilli() == wake.admittedAtMillis()).findFirst().orElse(null);
        if (episode == null) {
            return;
        }
        Touched touched = new Touched();
        derive(clientId, episodes, List.of(new EpisodeWork(episode, null, false)), List.of(), Set.of(episode.key()), now,
                touched);
        finish(clientId, head, episodes, touched, now);
    }

    /**
     * One client's visit after a UTC midnight: its as_of moves on (SPEC §5.2), and its counselor rows leave the 90-day
     * window. A client with no attended or missed session in its 28-day window (most of them, once a history is long)
     * keeps that window empty as it moves — any new session would have been an event of the client, recomputing its
     * status — so its row changes only its as_of and is moved without reading its facts. The others are derived in
     * full. Either way the row depends on the midnight, not on when in the day the visit happens.
     */
    private void atMidnight(String clientId, ClientStatus status, Instant now) {
        long ts = now.toEpochMilli();
        if (MidnightMove.windowStaysEmpty(status)) {
            ClientStatus moved = MidnightMove.moved(status, now);
            counselorRows.expire(clientId, moved.getAsOf(), passedMidnight, ts);
            if (!moved.equals(status)) {
                statuses.put(clientId, moved);
                context.forward(new Record<>(clientId, new Derived(Derived.Kind.STATUS, moved), ts));
            }
        } else {
            Episodes.Result episodes = Episodes.build(clientId, facts.episodeEvents(clientId));
            finish(clientId, heads.get(clientId), episodes, new Touched(), now);
        }
    }

    /**
     * Derives the given episodes again, retracts the state of dissolved ones, and sends what changed.
     *
     * @param woken the episodes whose scheduled wake-up was just consumed
     */
    private void derive(String clientId, Episodes.Result episodes, Iterable<EpisodeWork> changed, List<Episode> removed,
                        Set<String> woken, Instant now, Touched touched) {
        long ts = now.toEpochMilli();
        Map<String, Alert> before = new LinkedHashMap<>();
        Map<String, Alert> after = new LinkedHashMap<>();
        for (Episode e : removed) {
            String key = ClientKeys.episode(clientId, e.admittedAt());
            EpisodeState state = episodeStates.get(key);
            if (state == null) {
                continue;
            }
            List<Alert> stateAlerts = EpisodeFold.alerts(clientId, state);
            stateAlerts.forEach(a -> before.putIfAbsent(a.getAlertId(), a));
            touchAlerts(stateAlerts, touched);
            sendFacts(e, state, null, ts);
            allianceSessions.replayed(clientId, e, List.of(), ts);
            wakes.reschedule(clientId, e.admittedAt(), state.getWakeAt(), null);
            episodeStates.delete(key);
        }
        for (EpisodeWork work : changed) {
            Episode e = work.episode();
            String key = ClientKeys.episode(clientId, e.admittedAt());
            EpisodeState prior = episodeStates.get(key);
            TimedRows.Span span = TimedRows.Span.of(e);
            EpisodeState next = EpisodeFold.derive(clientId, e, checkpoint(clientId, episodes, work, prior, ts), now, rules);
            List<Alert> priorAlerts = prior == null ? List.of() : EpisodeFold.alerts(clientId, prior);
            List<Alert> nextAlerts = EpisodeFold.alerts(clientId, next);
            priorAlerts.forEach(a -> before.putIfAbsent(a.getAlertId(), a));
            nextAlerts.forEach(a -> after.putIfAbsent(a.getAlertId(), a));
            if (!priorAlerts.equals(nextAlerts)) {
                touchAlerts(priorAlerts, touched);
                touchAlerts(nextAlerts, touched);
            }
            if (prior == null || prior.getDroppedOut() != next.getDroppedOut()) {
                touched.spans.add(span);
            }
            sendFacts(e, prior, next, ts);
            Long priorWake = prior == null || woken.contains(e.key()) ? null : prior.getWakeAt();
            wakes.reschedule(clientId, e.admittedAt(), priorWake, next.getWakeAt());
            if (!next.equals(prior)) {
                episodeStates.put(key, next);
            }
        }
        alerts.sendChanges(clientId, before, after, ts);
    }

    /**
     * The episode's facts folded: the stored checkpoint as it is (only time moved on), with the one new fact that
     * comes after it, or — for a late fact, a correction, a new or moved episode — all the episode's facts again.
     */
    private EpisodeCheckpoint checkpoint(String clientId, Episodes.Result episodes, EpisodeWork work, EpisodeState prior,
                                         long ts) {
        Episode e = work.episode();
        if (prior != null && !work.replay()) {
            EpisodeCheckpoint stored = prior.getCheckpoint();
            if (work.fact() == null) {
                return stored;
            }
            if (work.fact() instanceof SessionOutcome o && EpisodeFold.isNext(stored, o)) {
                EpisodeCheckpoint next = EpisodeFold.copy(stored);
                EpisodeFold.fold(clientId, e, next, o, rules);
                allianceSessions.added(clientId, e, o, ts);
                return next;
            }
            if (work.fact() instanceof ScoredSurvey s && EpisodeFold.isNext(stored, s)) {
                EpisodeCheckpoint next = EpisodeFold.copy(stored);
                EpisodeFold.fold(clientId, e, next, s, rules);
                return next;
            }
        }
        TimedRows.Span span = TimedRows.Span.of(e);
        List<SessionOutcome> outcomes = facts.outcomes(clientId, span.from(), span.to()).stream()
                .filter(o -> Episodes.at(episodes, o.at()).filter(e::equals).isPresent()).toList();
        List<ScoredSurvey> surveys = facts.surveys(clientId, span.from(), span.to()).stream()
                .filter(s -> Episodes.at(episodes, s.at()).filter(e::equals).isPresent()).toList();
        allianceSessions.replayed(clientId, e, outcomes, ts);
        return EpisodeFold.foldAll(clientId, e, outcomes, surveys, rules);
    }

    private static void touchAlerts(List<Alert> list, Touched touched) {
        list.forEach(a -> touched.weeks.add(WeeklyRows.Week.of(a.getProgramId(), a.getAt())));
    }

    /** Sends the episode's cohort and alliance rows that changed; a null {@code next} deletes them. */
    private void sendFacts(Episode e, EpisodeState prior, EpisodeState next, long ts) {
        Object priorFact = prior == null ? null : prior.getEpisodeFact();
        Object nextFact = next == null ? null : next.getEpisodeFact();
        if (!Objects.equals(priorFact, nextFact)) {
            forward(e.key(), Derived.Kind.EPISODE_FACT, next == null ? null : next.getEpisodeFact(), ts);
        }
        Map<String, AllianceFact> was = prior == null ? Map.of() : prior.getAllianceFacts();
        Map<String, AllianceFact> now = next == null ? Map.of() : next.getAllianceFacts();
        now.forEach((key, fact) -> {
            if (!fact.equals(was.get(key))) {
                forward(key, Derived.Kind.ALLIANCE_FACT, fact, ts);
            }
        });
        was.keySet().stream().filter(key -> !now.containsKey(key))
                .forEach(key -> forward(key, Derived.Kind.ALLIANCE_FACT, null, ts));
    }

    /**
     * SAFETY alerts (any episode state) come from single surveys; of several at one instant the first by event_id
     * gives the alert its content, as alert ids are per client, kind and instant.
     */
    private void sendSafety(String clientId, Instant at, long ts) {
        for (ScoredSurvey s : facts.surveys(clientId, at.toEpochMilli(), at.toEpochMilli())) {
            var safety = AlertRules.safety(clientId, s);
            if (safety.isPresent()) {
                alerts.sendIfNew(clientId, safety.get(), ts);
                return;
            }
        }
    }

    /** The weeks touched, the counselor and training rows (window moved, spans touched), and the status. */
    private void finish(String clientId, ClientHead head, Episodes.Result episodes, Touched touched, Instant now) {
        long ts = now.toEpochMilli();
        for (WeeklyRows.Week week : touched.weeks) {
            weeks.refresh(clientId, week, episodes, ts);
        }
        Instant asOf = ClientStatusCalculator.asOf(Heads.latestEventAt(head), now);
        List<TimedRows.SpanFacts> spans = TimedRows.SpanFacts.read(facts, clientId, touched.spans, asOf);
        counselorRows.refresh(clientId, asOf, spans, episodes, passedMidnight, ts);
        trainingRows.refresh(clientId, asOf, spans, episodes, passedMidnight, ts);
        ClientStatus status = ClientStatusCalculator.compute(statusFacts(clientId, head, episodes, asOf), asOf, rules);
        if (!status.equals(statuses.get(clientId))) {
            statuses.put(clientId, status);
            context.forward(new Record<>(clientId, new Derived(Derived.Kind.STATUS, status), ts));
        }
    }

    private StatusFacts statusFacts(String clientId, ClientHead head, Episodes.Result episodes, Instant asOf) {
        List<Episode> list = episodes.episodes();
        Episode last = list.isEmpty() ? null : list.get(list.size() - 1);
        EpisodeState state = last == null ? null : episodeStates.get(ClientKeys.episode(clientId, last.admittedAt()));
        long windowStart = asOf.minus(rules.engagementWindow()).toEpochMilli();
        ClientFacts.MissedRun run = facts.missedRun(clientId);
        return new StatusFacts(clientId, head, java.util.Optional.ofNullable(last),
                state == null ? List.of() : EpisodeFold.alerts(clientId, state),
                state == null ? null : state.getCareMean(), state == null ? null : state.getWaiMean(),
                facts.outcomes(clientId, windowStart + 1, asOf.toEpochMilli()), run.missed(), run.lastAttendedAt());
    }

    private void forward(String key, Derived.Kind kind, SpecificRecord value, long ts) {
        context.forward(new Record<>(key, new Derived(kind, value), ts));
    }

    /**
     * An episode to derive again.
     *
     * @param fact   the one new session outcome or scored survey, if that is all that changed in it
     * @param replay true when it must fold all its facts again
     */
    private record EpisodeWork(Episode episode, Object fact, boolean replay) {
    }

    /** What a change touched beyond its episodes: program weeks and counselor-row time spans. */
    private static final class Touched {
        final Set<WeeklyRows.Week> weeks = new LinkedHashSet<>();
        final List<TimedRows.Span> spans = new ArrayList<>();
    }
}
