package org.rapport.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapport.client.IncomingEvent;

/**
 * Before and after each program's empathy course, read from generated events alone, for the counselors who
 * completed it ({@link #trained}) and the program's other counselors ({@link #comparison}); runs can be added up.
 * The windows are SPEC §5.8's, [c − 90 d, c) and [c, c + 90 d), c the program's completion:
 * <ul>
 *   <li>care: the mean CARE item of the ratings naming the counselor, by rating time;</li>
 *   <li>attendance: attended / (attended + missed) of the sessions the counselor led, by session start;</li>
 *   <li>dropout: of the episodes admitted in the window whose client sees the counselor individually, the share
 *       discharged {@code DROPPED_OUT} within {@value #DROPOUT_DAYS} days of admission (admissions later than that
 *       before the end of the run are left out, so that every episode had the same time to drop out).</li>
 * </ul>
 */
final class TrainingEffects {

    private static final Duration WINDOW = Duration.ofDays(90);
    static final int DROPOUT_DAYS = 40;
    private static final Set<String> ATTENDED = Set.of("ATTENDED", "LATE", "LEFT_EARLY");
    private static final Set<String> MISSED = Set.of("NO_SHOW", "CANCELLED_BY_CLIENT");
    private static final int BEFORE = 0;
    private static final int AFTER = 1;

    /** A mean being summed up. */
    static final class Mean {
        private double sum;
        private long n;

        void add(double value) {
            sum += value;
            n++;
        }

        double value() {
            return sum / n;
        }
    }

    /** One group's metrics, each {before, after}. */
    static final class Group {
        final Mean[] care = {new Mean(), new Mean()};
        final Mean[] attendance = {new Mean(), new Mean()};
        final Mean[] dropout = {new Mean(), new Mean()};

        double careChange() {
            return care[AFTER].value() - care[BEFORE].value();
        }

        double attendanceChange() {
            return attendance[AFTER].value() - attendance[BEFORE].value();
        }

        double dropoutChange() {
            return dropout[AFTER].value() - dropout[BEFORE].value();
        }

        @Override
        public String toString() {
            return String.format("CARE item %.2f -> %.2f, attendance %.3f -> %.3f, dropout %.3f -> %.3f",
                    care[BEFORE].value(), care[AFTER].value(), attendance[BEFORE].value(), attendance[AFTER].value(),
                    dropout[BEFORE].value(), dropout[AFTER].value());
        }
    }

    final Group trained = new Group();
    final Group comparison = new Group();

    /** Adds the events of one run, which ended at {@code end}. */
    TrainingEffects add(List<IncomingEvent> events, Instant end) {
        Map<String, Instant> completion = new HashMap<>();   // program -> completion of its course
        Set<String> trainedCounselors = new HashSet<>();
        Map<String, String> programOf = new HashMap<>();      // counselor -> program
        Map<String, String> counselorOfSession = new HashMap<>();
        Map<String, String> counselorOfClient = new HashMap<>();
        Map<String, Instant> admitted = new HashMap<>();
        Map<String, Instant> droppedOut = new HashMap<>();
        for (IncomingEvent e : events) {
            switch (e.type()) {
                case "training" -> {
                    completion.merge(e.get("program_id"), instant(e), (a, b) -> a.isBefore(b) ? a : b);
                    trainedCounselors.add(e.get("counselor_id"));
                }
                case "session" -> {
                    programOf.put(e.get("counselor_id"), e.get("program_id"));
                    counselorOfSession.put(e.get("session_id"), e.get("counselor_id"));
                }
                case "episode" -> {
                    if ("ADMITTED".equals(e.get("action"))) {
                        admitted.put(e.get("client_ref"), instant(e));
                    } else if ("DROPPED_OUT".equals(e.get("discharge_reason"))) {
                        droppedOut.put(e.get("client_ref"), instant(e));
                    }
                }
                default -> { }
            }
        }
        for (IncomingEvent e : events) {
            if ("CARE".equals(e.get("instrument"))) {
                String counselor = e.get("counselor_id");
                int window = window(instant(e), completion.get(programOf.get(counselor)));
                if (window >= 0) {
                    Group group = trainedCounselors.contains(counselor) ? trained : comparison;
                    e.items().stream().filter(i -> i != null).forEach(i -> group.care[window].add(Integer.parseInt(i)));
                }
            } else if ("attendance".equals(e.type())) {
                String counselor = counselorOfSession.get(e.get("session_id"));
                if (e.get("session_id").startsWith("ind-")) {
                    counselorOfClient.put(e.get("client_ref"), counselor);
                }
                int window = window(instant(e), completion.get(programOf.get(counselor)));
                boolean attended = ATTENDED.contains(e.get("status"));
                if (window >= 0 && (attended || MISSED.contains(e.get("status")))) {
                    (trainedCounselors.contains(counselor) ? trained : comparison).attendance[window].add(attended ? 1 : 0);
                }
            }
        }
        admitted.forEach((client, at) -> {
            String counselor = counselorOfClient.get(client);
            Instant horizon = at.plus(Duration.ofDays(DROPOUT_DAYS));
            int window = counselor == null || horizon.isAfter(end) ? -1
                    : window(at, completion.get(programOf.get(counselor)));
            if (window >= 0) {
                Instant dropout = droppedOut.get(client);
                (trainedCounselors.contains(counselor) ? trained : comparison).dropout[window]
                        .add(dropout != null && dropout.isBefore(horizon) ? 1 : 0);
            }
        });
        return this;
    }

    /** {@link #BEFORE}, {@link #AFTER}, or -1 outside both windows. */
    private static int window(Instant at, Instant completion) {
        if (at.isBefore(completion.minus(WINDOW)) || !at.isBefore(completion.plus(WINDOW))) {
            return -1;
        }
        return at.isBefore(completion) ? BEFORE : AFTER;
    }

    private static Instant instant(IncomingEvent e) {
        return Instant.parse(e.get("occurred_at"));
    }

    @Override
    public String toString() {
        return "trained: " + trained + "; comparison: " + comparison;
    }
}
