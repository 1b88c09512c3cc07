package org.rapport.streams.timeline;

import java.time.Instant;
import java.util.Comparator;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.scoring.SurveyScore;

/** A survey with the score Rapport computed for it (SPEC §4); unscored forms have {@code score.scored() == false}. */
public record ScoredSurvey(SurveyEvent event, SurveyScore score) {

    public static final Comparator<ScoredSurvey> IN_TIME_ORDER =
            Comparator.comparing(ScoredSurvey::at).thenComparing(s -> s.event().getEventId());

    public Instant at() {
        return event.getOccurredAt();
    }

    public Instrument instrument() {
        return event.getInstrument();
    }

    public boolean scored() {
        return score.scored();
    }

    public double total() {
        return score.total();
    }

    /** A subscale value, or null when that subscale is unscored. */
    public Double subscale(String name) {
        return score.subscales() == null ? null : score.subscales().get(name);
    }
}
