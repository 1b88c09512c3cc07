package org.rapport.streams.indicators.training;

import static org.rapport.streams.indicators.training.TrainingStores.HIGHEST;
import static org.rapport.streams.indicators.training.TrainingStores.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.rapport.avro.Curriculum;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.avro.internal.TrainingSums;
import org.rapport.streams.indicators.training.TrainingState.Group;
import org.rapport.streams.indicators.training.TrainingState.Target;
import org.rapport.streams.indicators.training.TrainingState.Window;

/**
 * SPEC §5.8 on the stage's single partition. A client row that changes moves only the sums of the windows it
 * counts in (its counselor's own trainings, and the trainings where it is in a stacked comparison group) and, for
 * the distinct-episode counts, re-checks only its episode in those windows. A change of structure — a training
 * completion, or a counselor leading a first (or losing a last) session in a program — reconciles the trainings it
 * concerns: the (trained, counted) counselor pairs that appear or go add or take out their rows inside their
 * windows. Either way the sums equal a computation from scratch, so the output depends on the set of rows and
 * trainings and the stage's stream time only.
 */
final class TrainingEffectsProcessor implements Processor<String, StageInput, String, TrainingEffect> {

    private static final Comparator<TrainingEvent> EARLIEST =
            Comparator.comparing(TrainingEvent::getOccurredAt).thenComparing(TrainingEvent::getEventId);

    /** Index entries {@code changed|T}: the trainings whose row is to be published. */
    private static final String CHANGED = "changed|";

    private final Duration window;
    private ProcessorContext<String, TrainingEffect> context;
    private TrainingState state;

    TrainingEffectsProcessor(Duration window) {
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, TrainingEffect> context) {
        this.context = context;
        this.state = new TrainingState(context, window);
        Duration every = TrainingEffectsSettings.from(context.appConfigs()).publishInterval();
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, now -> publishChanged());
    }

    @Override
    public void process(Record<String, StageInput> record) {
        if (record.timestamp() > state.streamTime()) {
            state.index.put("time", record.timestamp());
        }
        StageInput in = record.value();
        if (in != null && record.key() != null) {
            switch (in.kind()) {
                case ROW -> onRow(record.key(), in.row());
                case SESSION -> onSession(record.key(), in.session());
                case TRAINING -> {
                    if (in.training() != null) {
                        onTraining(in.training());
                    }
                }
            }
        }
        fireDue();
    }

    // --- a client row changed ---------------------------------------------------------------------------

    /** An episode of a counselor inside one target window. */
    private record Touch(Target target, String counselor, String episode) {
    }

    /**
     * A client's row arrived (or a session's counselor changed, and its rows are attributed again): the sums move from
     * the row's old counted version to its new one — a row counts once it has a counselor.
     */
    private void onRow(String key, TrainingContribution incoming) {
        TrainingContribution stored = state.rows.get(key);
        TrainingContribution attributed = state.attributed(incoming);
        if (Objects.equals(stored, attributed)) {
            return;
        }
        TrainingContribution old = TrainingState.counted(stored) ? stored : null;
        TrainingContribution now = TrainingState.counted(attributed) ? attributed : null;
        List<Target> oldTargets = old == null ? List.of() : state.targets(old.getCounselorId(), millis(old));
        List<Target> newTargets = now == null ? List.of() : state.targets(now.getCounselorId(), millis(now));
        Map<Touch, long[]> before = new LinkedHashMap<>();
        touches(old, oldTargets, before);
        touches(now, newTargets, before);
        before.replaceAll((t, v) -> episodeIn(t));
        state.replace(key, stored, attributed);
        Map<String, TrainingSums> changed = new HashMap<>();
        before.forEach((t, was) -> {
            long[] is = episodeIn(t);
            if (is[0] != was[0] || is[1] != was[1]) {
                WindowSums.addEpisode(sums(changed, t.target()), is[0] - was[0], is[1] - was[1]);
            }
        });
        oldTargets.forEach(t -> WindowSums.addRow(sums(changed, t), old, -1));
        newTargets.forEach(t -> WindowSums.addRow(sums(changed, t), now, 1));
        Set<String> trainings = new TreeSet<>();
        changed.forEach((sumsKey, s) -> {
            state.sums.put(sumsKey, s);
            trainings.add(TrainingState.part(sumsKey, 0));
        });
        trainings.forEach(this::changed);
    }

    private static void touches(TrainingContribution row, List<Target> targets, Map<Touch, long[]> into) {
        if (row != null && row.getEpisode() != null) {
            targets.forEach(t -> into.put(new Touch(t, row.getCounselorId(), row.getEpisode()), null));
        }
    }

    private long[] episodeIn(Touch t) {
        return state.episodeIn(t.counselor(), t.episode(), t.target().from(), t.target().to());
    }

    private TrainingSums sums(Map<String, TrainingSums> changed, Target t) {
        return changed.computeIfAbsent(t.sumsKey(), k -> {
            TrainingSums s = state.sums.get(k);
            return s == null ? WindowSums.empty() : s;
        });
    }

    private static long millis(TrainingContribution row) {
        return row.getOccurredAt().toEpochMilli();
    }

    // --- a training completion ---------------------------------------------------------------------------

    private void onTraining(TrainingEvent e) {
        String training = e.getTrainingId();
        String counselor = e.getCounselorId();
        String eventKey = training + "|" + counselor + "|" + e.getEventId();
        if (state.events.get(eventKey) != null) {
            return;
        }
        state.events.put(eventKey, e);
        long completed = earliest(training + "|" + counselor + "|").getOccurredAt().toEpochMilli();
        Curriculum curriculum = earliest(training + "|").getCurriculum();
        Long completedBefore = state.index.get("done|" + training + "|" + counselor);
        Curriculum curriculumBefore = state.curriculum(training);
        if (Objects.equals(completedBefore, completed) && curriculum == curriculumBefore) {
            return;
        }
        state.index.put("done|" + training + "|" + counselor, completed);
        state.index.put("trained|" + counselor + "|" + training, completed);
        Set<String> affected = new TreeSet<>(List.of(training));
        if (completedBefore == null || curriculum != curriculumBefore) {
            // Who "completed a training of the curriculum" changed: comparison groups of that curriculum change.
            if (curriculumBefore != null && curriculumBefore != curriculum) {
                state.completions(training).forEach(kv -> state.index.delete(
                        "curriculumCounselor|" + curriculumBefore + "|" + kv.key + "|" + training));
                state.index.delete("curriculumTraining|" + curriculumBefore + "|" + training);
                affected.addAll(state.trainingsIn(curriculumBefore));
            }
            state.index.put("curriculum|" + training, (long) curriculum.ordinal());
            state.index.put("curriculumTraining|" + curriculum + "|" + training, 0L);
            state.completions(training).forEach(kv -> state.index.put(
                    "curriculumCounselor|" + curriculum + "|" + kv.key + "|" + training, 0L));
            affected.addAll(state.trainingsIn(curriculum));
        }
        affected.forEach(this::reconcile);
    }

    private TrainingEvent earliest(String prefix) {
        TrainingEvent first = null;
        try (KeyValueIterator<String, TrainingEvent> it = state.events.range(prefix, prefix + HIGHEST)) {
            while (it.hasNext()) {
                TrainingEvent e = it.next().value;
                if (first == null || EARLIEST.compare(e, first) < 0) {
                    first = e;
                }
            }
        }
        return first;
    }

    // --- a session event: its counselor for the rows of the session, and counselor–program links ------------------

    /** The standing event of a session (the session table resolved corrections): who led it, in which program. */
    private void onSession(String sessionId, org.rapport.avro.SessionEvent session) {
        if (session == null) {
            return;
        }
        String now = session.getCounselorId() + "|" + session.getProgramId();
        String was = state.sessions.get(sessionId);
        if (now.equals(was)) {
            return;
        }
        state.sessions.put(sessionId, now);
        if (was != null) {
            sessionsLed(was, -1);
        }
        sessionsLed(now, 1);
        if (was == null || !TrainingState.part(was, 0).equals(session.getCounselorId())) {
            state.rowsOf(sessionId).forEach(key -> onRow(key, state.rows.get(key)));
        }
    }

    /** Counts the sessions a counselor led in a program; the link appears at the first and goes with the last. */
    private void sessionsLed(String link, int delta) {
        String key = "sessions|" + link;
        Long n = state.index.get(key);
        long count = (n == null ? 0 : n) + delta;
        if (count > 0) {
            state.index.put(key, count);
        } else {
            state.index.delete(key);
        }
        onLink(link, count);
    }

    private void onLink(String key, long sessions) {
        String[] parts = key.split("\\|");
        String counselor = parts[0];
        String program = parts[1];
        boolean present = sessions > 0;
        boolean was = state.index.get("cp|" + counselor + "|" + program) != null;
        if (present == was) {
            return;
        }
        Set<String> affected = new TreeSet<>(state.trainingsOf(counselor));
        if (present) {
            state.index.put("cp|" + counselor + "|" + program, 0L);
            state.index.put("pc|" + program + "|" + counselor, 0L);
        } else {
            state.index.delete("cp|" + counselor + "|" + program);
            state.index.delete("pc|" + program + "|" + counselor);
        }
        state.counselorsIn(program).forEach(c -> affected.addAll(state.trainingsOf(c)));
        affected.forEach(this::reconcile);
    }

    // --- reconciling one training with its structure ---------------------------------------------------------

    /**
     * Brings a training's pairs — (trained counselor i, counselor j whose rows count in i's windows: i itself, and the
     * members of i's comparison group) — in line with the completions, curricula and links now known: a pair that
     * went away (or whose completion moved) takes its contribution out of the sums, a new one adds its own. Only
     * changed pairs read rows, each inside its two windows; unchanged pairs cost a lookup.
     */
    private void reconcile(String training) {
        List<KeyValue<String, Long>> trained = state.completions(training);
        Curriculum curriculum = state.curriculum(training);
        Map<String, Long> wanted = new TreeMap<>();
        Set<String> programs = new TreeSet<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (KeyValue<String, Long> kv : trained) {
            String i = kv.key;
            first = Math.min(first, kv.value);
            last = Math.max(last, kv.value);
            wanted.put(i + "|" + i, kv.value);
            for (String program : state.programsOf(i)) {
                programs.add(program);
                state.counselorsIn(program).stream().filter(j -> !j.equals(i) && !state.trainedIn(j, curriculum))
                        .forEach(j -> wanted.put(i + "|" + j, kv.value));
            }
        }
        Map<String, Long> held = new TreeMap<>();
        state.prefix("pair|" + training + "|", (key, c) -> held.put(key.substring(("pair|" + training + "|").length()), c));
        Map<String, TrainingSums> sums = new HashMap<>();
        held.forEach((pair, c) -> {
            if (!c.equals(wanted.get(pair))) {
                count(sums, training, pair, c, -1);
            }
        });
        wanted.forEach((pair, c) -> {
            if (!c.equals(held.get(pair))) {
                count(sums, training, pair, c, 1);
            }
        });
        sums.forEach(state.sums::put);
        long comparison = wanted.keySet().stream().map(p -> p.split("\\|")).filter(p -> !p[0].equals(p[1]))
                .map(p -> p[1]).distinct().count();
        state.index.put("last|" + training, last);
        state.index.put("due|" + time(last + window.toMillis()) + "|" + training, 0L);
        TrainingEffect shape = TrainingEffect.newBuilder(emptyRow()).setTrainingId(training).setCurriculum(curriculum)
                .setProgramIds(new ArrayList<>(programs)).setCounselors(trained.size())
                .setComparisonCounselors((int) comparison).setFirstCompleted(date(first))
                .setLastCompleted(date(last)).build();
        if (!shape.equals(state.shapes.get(training))) {
            state.shapes.put(training, shape);
        }
        changed(training);
    }

    /** Adds ({@code sign} 1) or takes out (−1) the pair {@code i|j}: j's rows in i's windows (completion c). */
    private void count(Map<String, TrainingSums> sums, String training, String pair, long completed, int sign) {
        String[] ij = pair.split("\\|");
        Group group = TrainingState.groupOf(ij[0], ij[1]);
        for (Window w : Window.values()) {
            Target t = state.target(training, group, w, ij[0], completed);
            TrainingSums contribution = WindowSums.empty();
            state.addContribution(contribution, ij[1], t.from(), t.to());
            WindowSums.addAll(sums.computeIfAbsent(t.sumsKey(), k -> {
                TrainingSums s = state.sums.get(k);
                return s == null ? WindowSums.empty() : s;
            }), contribution, sign);
        }
        if (sign > 0) {
            state.index.put("pair|" + training + "|" + pair, completed);
            state.index.put("pairOf|" + ij[1] + "|" + training + "|" + ij[0], completed);
        } else {
            state.index.delete("pair|" + training + "|" + pair);
            state.index.delete("pairOf|" + ij[1] + "|" + training + "|" + ij[0]);
        }
    }

    private static LocalDate date(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static TrainingEffect emptyRow() {
        TrainingEffect.Builder b = TrainingEffect.newBuilder().setTrainingId("").setCurriculum(Curriculum.OTHER)
                .setProgramIds(List.of()).setCounselors(0).setComparisonCounselors(0)
                .setFirstCompleted(LocalDate.EPOCH).setLastCompleted(LocalDate.EPOCH).setComplete(false);
        EffectStatistics.fill(b, WindowSums.empty(), WindowSums.empty(), WindowSums.empty(), WindowSums.empty());
        return b.build();
    }

    // --- output -------------------------------------------------------------------------------------------------

    /**
     * Marks the training's row to publish: a mark in the (cached) index, so that it commits with the sums that
     * moved and survives a restart under at-least-once too.
     */
    private void changed(String training) {
        state.index.put(CHANGED + training, 0L);
    }

    /**
     * Publishes the rows of the trainings marked since the last time: each built once from its shape (counselors,
     * dates…), the metrics from its sums and whether it is complete, and sent when it differs from the row last sent.
     * Once per publish interval rather than per input row, as one row moves with every rating and session of
     * every counselor the training counts.
     */
    private void publishChanged() {
        List<String> marked = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = state.index.range(CHANGED, CHANGED + HIGHEST)) {
            it.forEachRemaining(kv -> marked.add(kv.key));
        }
        for (String key : marked) {
            state.index.delete(key);
            String training = key.substring(CHANGED.length());
            TrainingEffect shape = state.shapes.get(training);
            if (shape != null) {
                publish(training, shape);
            }
        }
    }

    private void publish(String training, TrainingEffect shape) {
        TrainingEffect.Builder b = TrainingEffect.newBuilder(shape);
        EffectStatistics.fill(b, state.sums(training, Group.TRAINED, Window.BEFORE),
                state.sums(training, Group.TRAINED, Window.AFTER),
                state.sums(training, Group.COMPARISON, Window.BEFORE),
                state.sums(training, Group.COMPARISON, Window.AFTER));
        Long last = state.index.get("last|" + training);
        b.setComplete(last != null && state.streamTime() >= last + window.toMillis());
        TrainingEffect row = b.build();
        if (!row.equals(state.effects.get(training))) {
            state.effects.put(training, row);
            context.forward(new Record<>(training, row, Math.max(0, state.streamTime())));
        }
    }

    /** Trainings whose last after window ended by now: their rows turn complete. */
    private void fireDue() {
        String upTo = "due|" + time(state.streamTime()) + "|" + HIGHEST;
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = state.index.range("due|", upTo)) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String key : due) {
            state.index.delete(key);
            changed(TrainingState.part(key, 2));
        }
    }
}
