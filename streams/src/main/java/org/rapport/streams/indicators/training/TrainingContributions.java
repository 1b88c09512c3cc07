package org.rapport.streams.indicators.training;

import java.util.Optional;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * What one client gives the training-effects stage (SPEC §5.8): a row per standing attended or missed session
 * (keyed {@code outcome|session_id|client_id}; its counselor comes from the session table) and a row per scored
 * CARE or WAI-SR rating naming a counselor (keyed {@code rating|event_id}). Unlike counselor facts the rows have
 * no window: a training's windows can lie anywhere in the past, so every row stays until a correction changes or
 * removes it. Pure functions, one item at a time, so a client stage that derives incrementally can call them.
 */
public final class TrainingContributions {

    private TrainingContributions() {
    }

    public static String outcomeKey(String clientId, SessionOutcome outcome) {
        return "outcome|" + outcome.sessionId() + "|" + clientId;
    }

    /**
     * A standing attended or missed session of the client.
     *
     * @param episode           the client's episode the session falls in, if any
     * @param episodeDroppedOut that episode has an effective DROPOUT (whenever it fired)
     */
    public static TrainingContribution forOutcome(SessionOutcome outcome, Optional<Episode> episode,
                                                  boolean episodeDroppedOut) {
        return TrainingContribution.newBuilder()
                .setOccurredAt(outcome.at()).setSessionId(outcome.sessionId())
                .setAttended(outcome.attended()).setEpisode(episode.map(Episode::key).orElse(null))
                .setEpisodeDroppedOut(episode.isPresent() && episodeDroppedOut).build();
    }

    public static String ratingKey(ScoredSurvey survey) {
        return "rating|" + survey.event().getEventId();
    }

    /** A scored CARE or WAI-SR rating naming a counselor; empty for any other survey. */
    public static Optional<TrainingContribution> forRating(ScoredSurvey survey) {
        boolean rating = survey.instrument() == Instrument.CARE || survey.instrument() == Instrument.WAI_SR;
        if (!rating || !survey.scored() || survey.event().getCounselorId() == null) {
            return Optional.empty();
        }
        return Optional.of(TrainingContribution.newBuilder()
                .setOccurredAt(survey.at()).setCounselorId(survey.event().getCounselorId())
                .setInstrument(survey.instrument().name()).setScore(survey.total()).build());
    }
}
