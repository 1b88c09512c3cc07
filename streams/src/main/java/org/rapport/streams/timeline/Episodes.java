package org.rapport.streams.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;

/**
 * Builds a client's episodes from their episode events (SPEC §5 "Episodes"): in {@code occurred_at} order,
 * ADMITTED opens an episode, DISCHARGED closes it; an ADMITTED while open or a DISCHARGED while closed is
 * ignored and counted as a data-quality problem.
 */
public final class Episodes {

    /**
     * Event-time order. At the same instant a discharge goes before an admission (a transfer closes one
     * episode and opens the next); the event id breaks remaining ties so arrival order never matters.
     */
    static final Comparator<EpisodeEvent> IN_TIME_ORDER = Comparator.comparing(EpisodeEvent::getOccurredAt)
            .thenComparing(e -> e.getAction() == EpisodeAction.DISCHARGED ? 0 : 1)
            .thenComparing(EpisodeEvent::getEventId);

    /** The episodes in admission order, and how many events were ignored. */
    public record Result(List<Episode> episodes, int dataQualityProblems) {
    }

    private Episodes() {
    }

    public static Result build(String clientId, List<EpisodeEvent> events) {
        List<EpisodeEvent> sorted = new ArrayList<>(events);
        sorted.sort(IN_TIME_ORDER);
        List<Episode> episodes = new ArrayList<>();
        EpisodeEvent openAdmission = null;
        int problems = 0;
        for (EpisodeEvent e : sorted) {
            boolean admit = e.getAction() == EpisodeAction.ADMITTED;
            if (admit && openAdmission == null) {
                openAdmission = e;
            } else if (!admit && openAdmission != null) {
                episodes.add(new Episode(key(clientId, openAdmission), openAdmission, e));
                openAdmission = null;
            } else {
                problems++;
            }
        }
        if (openAdmission != null) {
            episodes.add(new Episode(key(clientId, openAdmission), openAdmission, null));
        }
        return new Result(List.copyOf(episodes), problems);
    }

    private static String key(String clientId, EpisodeEvent admission) {
        return clientId + "|" + admission.getOccurredAt().toEpochMilli();
    }

    /** The episode an event at {@code t} belongs to: the latest admitted at or before t, if it covers t. */
    public static java.util.Optional<Episode> at(Result episodes, java.time.Instant t) {
        List<Episode> list = episodes.episodes();
        for (int i = list.size() - 1; i >= 0; i--) {
            Episode e = list.get(i);
            if (!e.admittedAt().isAfter(t)) {
                return e.covers(t) ? java.util.Optional.of(e) : java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }
}
