package org.rapport.streams.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.avro.Instrument;

/**
 * A client's facts put in event-time order: episodes, standing session outcomes and scored surveys. The client
 * stage builds one per derivation from the facts it needs (an episode's, a week's), read by range from its stores.
 * Everything the indicators compute is a pure function of this view, so it depends on the set of events
 * only, never on the order they arrived in.
 */
public final class ClientTimeline {

    private final String clientId;
    private final List<Episode> episodes;
    private final int dataQualityProblems;
    private final List<SessionOutcome> outcomes;
    private final List<ScoredSurvey> surveys;
    private final Map<String, List<SessionOutcome>> outcomesByEpisode = new HashMap<>();
    private final Map<String, List<ScoredSurvey>> surveysByEpisode = new HashMap<>();

    /**
     * @param outcomes the standing outcomes known (all of the client's, or those of the episodes being derived)
     * @param surveys  the surveys known, scored
     */
    public ClientTimeline(String clientId, Episodes.Result episodes, List<SessionOutcome> outcomes,
                          List<ScoredSurvey> surveys) {
        this.clientId = clientId;
        this.episodes = episodes.episodes();
        this.dataQualityProblems = episodes.dataQualityProblems();
        this.outcomes = outcomes.stream().sorted(SessionOutcome.IN_TIME_ORDER).toList();
        this.surveys = surveys.stream().sorted(ScoredSurvey.IN_TIME_ORDER).toList();
        // Which episode each session and survey belongs to, found once: every indicator asks.
        for (SessionOutcome o : this.outcomes) {
            episodeAt(o.at()).ifPresent(e -> outcomesByEpisode.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(o));
        }
        for (ScoredSurvey s : this.surveys) {
            episodeAt(s.at()).ifPresent(e -> surveysByEpisode.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(s));
        }
    }

    public String clientId() {
        return clientId;
    }

    /** Episodes in admission order. */
    public List<Episode> episodes() {
        return episodes;
    }

    public int dataQualityProblems() {
        return dataQualityProblems;
    }

    /** Attended and missed sessions in event-time order. */
    public List<SessionOutcome> outcomes() {
        return outcomes;
    }

    /** All surveys in event-time order, scored or not. */
    public List<ScoredSurvey> surveys() {
        return surveys;
    }

    /** The current episode, else the last one. */
    public Optional<Episode> lastEpisode() {
        return episodes.isEmpty() ? Optional.empty() : Optional.of(episodes.get(episodes.size() - 1));
    }

    /** The episode an event at {@code t} belongs to, if any (the latest admitted at or before t that covers it). */
    public Optional<Episode> episodeAt(Instant t) {
        for (int i = episodes.size() - 1; i >= 0; i--) {
            Episode e = episodes.get(i);
            if (!e.admittedAt().isAfter(t)) {
                return e.covers(t) ? Optional.of(e) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Attended and missed sessions of an episode, in time order. */
    public List<SessionOutcome> outcomesIn(Episode episode) {
        return outcomesByEpisode.getOrDefault(episode.key(), List.of());
    }

    /** Scored surveys of one instrument in an episode, in time order. */
    public List<ScoredSurvey> scoredIn(Episode episode, Instrument instrument) {
        return surveysByEpisode.getOrDefault(episode.key(), List.of()).stream()
                .filter(s -> s.instrument() == instrument && s.scored()).toList();
    }

    /** The latest scored survey of an instrument, any episode. */
    public Optional<ScoredSurvey> latestScored(Instrument instrument) {
        ScoredSurvey found = null;
        for (ScoredSurvey s : surveys) {
            if (s.instrument() == instrument && s.scored()) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }
}
