package org.rapport.streams.indicators.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.scoring.Scoring;
import org.rapport.streams.testing.Events;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/** The rows one client gives the training stage, item by item (the client stage calls these per item). */
class TrainingContributionsTest {

    private static final String CLIENT = Events.client("ann");

    @Test
    void aSessionInAnEpisodeCarriesTheEpisodeAndWhetherItDroppedOut() {
        SessionOutcome missed = new SessionOutcome("s1", Instant.parse("2026-01-06T10:00:00Z"), false, "prog-1", "e-1");
        Episode episode = new Episode(CLIENT + "|1767600000000", Events.admitted("ann", "2026-01-05T08:00:00Z"), null);

        TrainingContribution row = TrainingContributions.forOutcome(missed, Optional.of(episode), true);

        assertThat(TrainingContributions.outcomeKey(CLIENT, missed)).isEqualTo("outcome|s1|" + CLIENT);
        assertThat(row.getSessionId()).isEqualTo("s1");
        assertThat(row.getAttended()).isFalse();
        assertThat(row.getEpisode()).isEqualTo(episode.key());
        assertThat(row.getEpisodeDroppedOut()).isTrue();
        assertThat(row.getCounselorId()).as("the session table names the counselor").isEmpty();
        assertThat(row.getOccurredAt()).isEqualTo(missed.at());
    }

    @Test
    void aSessionOutsideAnyEpisodeCountsForAttendanceOnly() {
        SessionOutcome attended = new SessionOutcome("s2", Instant.parse("2026-01-06T10:00:00Z"), true, "prog-1", "e-2");

        TrainingContribution row = TrainingContributions.forOutcome(attended, Optional.empty(), true);

        assertThat(row.getAttended()).isTrue();
        assertThat(row.getEpisode()).isNull();
        assertThat(row.getEpisodeDroppedOut()).as("no episode, no dropout").isFalse();
    }

    @Test
    void onlyScoredCareAndWaiSrRatingsNamingACounselorAreRows() {
        SurveyEvent care = Events.rating("ann", Instrument.CARE, "2026-01-07T12:00:00Z", "alex", 4);
        ScoredSurvey scored = new ScoredSurvey(care, Scoring.score(Instrument.CARE, care.getItems()));

        TrainingContribution row = TrainingContributions.forRating(scored).orElseThrow();
        assertThat(TrainingContributions.ratingKey(scored)).isEqualTo("rating|" + care.getEventId());
        assertThat(row.getCounselorId()).isEqualTo("alex");
        assertThat(row.getInstrument()).isEqualTo("CARE");
        assertThat(row.getScore()).isEqualTo(40.0);   // 10 items × 4
        assertThat(row.getSessionId()).isNull();

        // 3 of 10 items missing: unscored (SPEC §4), so no row
        SurveyEvent sparse = Events.survey("ann", Instrument.CARE, "2026-01-07T12:00:00Z", "alex",
                4, 4, 4, 4, 4, 4, 4, null, null, null);
        assertThat(TrainingContributions.forRating(new ScoredSurvey(sparse,
                Scoring.score(Instrument.CARE, sparse.getItems())))).isEmpty();
        SurveyEvent phq9 = Events.survey("ann", Instrument.PHQ9, "2026-01-07T12:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(TrainingContributions.forRating(new ScoredSurvey(phq9,
                Scoring.score(Instrument.PHQ9, phq9.getItems())))).isEmpty();
    }
}
