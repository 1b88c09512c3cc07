package org.rapport.streams.indicators.alliance;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.AlertKind;
import org.rapport.avro.Instrument;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.scoring.Bands;
import org.rapport.streams.indicators.alerts.AlertRules;
import org.rapport.streams.timeline.ClientTimeline;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * Per-episode alliance facts (SPEC §5.6), keyed {@code episode key|instrument}: for CARE and WAI-SR, an
 * episode with at least one scored rating is banded by its episode-mean score.
 */
public final class AllianceFacts {

    public static final List<Instrument> INSTRUMENTS = List.of(Instrument.CARE, Instrument.WAI_SR);

    private AllianceFacts() {
    }

    /** The rows of one episode, keyed {@code episode key|instrument}: one per instrument with a scored rating. */
    public static Map<String, AllianceFact> ofEpisode(ClientTimeline timeline, Episode e, AlertRules.Derivation alerts) {
        Map<String, AllianceFact> out = new TreeMap<>();
        List<SessionOutcome> outcomes = timeline.outcomesIn(e);
        for (Instrument instrument : INSTRUMENTS) {
            List<ScoredSurvey> ratings = timeline.scoredIn(e, instrument);
            if (ratings.isEmpty()) {
                continue;
            }
            double mean = ratings.stream().mapToDouble(ScoredSurvey::total).average().orElseThrow();
            out.put(e.key() + "|" + instrument, AllianceFact.newBuilder()
                    .setProgramId(e.programId())
                    .setInstrument(instrument.name())
                    .setBand(Bands.band(instrument, mean).name())
                    .setDroppedOut(!alerts.of(AlertKind.DROPOUT, e).isEmpty())
                    .setReturnedToUse(!alerts.of(AlertKind.RETURN_TO_USE, e).isEmpty())
                    .setAttendanceRate(attendanceRate(outcomes))
                    .build());
        }
        return out;
    }

    /** attended / (attended + missed) over the episode; null without any such session. */
    static Double attendanceRate(List<SessionOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return null;
        }
        long attended = outcomes.stream().filter(SessionOutcome::attended).count();
        return attended / (double) outcomes.size();
    }
}
