package org.rapport.streams.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.ClientHistory;
import org.rapport.scoring.Scoring;

/**
 * A client's history put in event-time order: episodes, standing session outcomes and scored surveys.
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
    private final Instant latestEventAt;
    private final String latestProgramId;
    private final String latestClinicId;

    public ClientTimeline(ClientHistory history) {
        this.clientId = history.getClientId();
        Episodes.Result built = Episodes.build(clientId, history.getEpisodeEvents());
        this.episodes = built.episodes();
        this.dataQualityProblems = built.dataQualityProblems();
        this.outcomes = history.getAttendance().stream().map(SessionOutcome::of).filter(Objects::nonNull)
                .sorted(SessionOutcome.IN_TIME_ORDER).toList();
        this.surveys = history.getSurveys().stream()
                .map(s -> new ScoredSurvey(s, Scoring.score(s.getInstrument(), s.getItems())))
                .sorted(ScoredSurvey.IN_TIME_ORDER).toList();
        // Which episode each session and survey belongs to, found once: every indicator asks.
        for (SessionOutcome o : outcomes) {
            episodeAt(o.at()).ifPresent(e -> outcomesByEpisode.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(o));
        }
        for (ScoredSurvey s : surveys) {
            episodeAt(s.at()).ifPresent(e -> surveysByEpisode.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(s));
        }
        Latest latest = latest(history);
        this.latestEventAt = latest.at;
        this.latestProgramId = latest.programId;
        this.latestClinicId = latest.clinicId;
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

    /** The greatest occurred_at of any of the client's events. */
    public Instant latestEventAt() {
        return latestEventAt;
    }

    public String latestProgramId() {
        return latestProgramId;
    }

    public String latestClinicId() {
        return latestClinicId;
    }

    private record Latest(Instant at, String programId, String clinicId) {
    }

    private static Latest latest(ClientHistory h) {
        List<Latest> all = new ArrayList<>();
        h.getEpisodeEvents().forEach(e -> all.add(new Latest(e.getOccurredAt(), e.getProgramId(), e.getClinicId())));
        for (AttendanceEvent a : h.getAttendance()) {
            all.add(new Latest(a.getOccurredAt(), a.getProgramId(), a.getClinicId()));
        }
        for (SurveyEvent s : h.getSurveys()) {
            all.add(new Latest(s.getOccurredAt(), s.getProgramId(), s.getClinicId()));
        }
        return all.stream().max(Comparator.comparing(Latest::at).thenComparing(Latest::programId))
                .orElse(new Latest(Instant.EPOCH, "", ""));
    }
}
