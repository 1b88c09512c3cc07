package org.rapport.streams.client;

import java.util.Optional;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.streams.indicators.counselor.CounselorFacts;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/** Counselor alliance's rows (SPEC §5.7): each session and rating of the last 90 days ({@code rules.counselor.window}). */
final class CounselorRows implements TimedRows.Family<CounselorFact> {

    @Override
    public String outcomeKey(String clientId, SessionOutcome o) {
        return CounselorFacts.outcomeKey(clientId, o);
    }

    @Override
    public CounselorFact forOutcome(String clientId, SessionOutcome o, Optional<Episode> episode, boolean droppedOut) {
        return CounselorFacts.forOutcome(clientId, o, droppedOut);
    }

    @Override
    public String ratingKey(ScoredSurvey s) {
        return CounselorFacts.ratingKey(s);
    }

    @Override
    public Optional<CounselorFact> forRating(String clientId, ScoredSurvey s) {
        return CounselorFacts.forRating(clientId, s);
    }
}
