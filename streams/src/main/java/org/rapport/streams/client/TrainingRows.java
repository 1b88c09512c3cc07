package org.rapport.streams.client;

import java.util.Optional;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.streams.indicators.training.TrainingContributions;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/** Training effects' rows (SPEC §5.8): each standing session outcome and rating, whatever its age. */
final class TrainingRows implements TimedRows.Family<TrainingContribution> {

    @Override
    public String outcomeKey(String clientId, SessionOutcome o) {
        return TrainingContributions.outcomeKey(clientId, o);
    }

    @Override
    public TrainingContribution forOutcome(String clientId, SessionOutcome o, Optional<Episode> episode,
                                           boolean droppedOut) {
        return TrainingContributions.forOutcome(o, episode, droppedOut);
    }

    @Override
    public String ratingKey(ScoredSurvey s) {
        return TrainingContributions.ratingKey(s);
    }

    @Override
    public Optional<TrainingContribution> forRating(String clientId, ScoredSurvey s) {
        return TrainingContributions.forRating(s);
    }
}
