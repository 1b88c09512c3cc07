package org.rapport.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.rapport.avro.Instrument;

/**
 * The score Rapport computes for one survey (SPEC §4).
 *
 * <p>An <em>unscored</em> survey ({@code total == null}) is still a valid event; it carries no score, its
 * {@code subscales} map is empty, and it enters no mean, band or score-based alert. A scored survey lists
 * its instrument's subscales (WAI_SR: {@code task, bond, goal}; BAM: {@code use, risk, protective}) in that
 * order; a BAM subscale that could not be scored is present with a {@code null} value.
 *
 * @param instrument the instrument that was answered
 * @param total      the instrument's score, or {@code null} when the form is unscored
 * @param subscales  subscale name to score (values may be null for BAM); empty for instruments without subscales
 * @param safetyFlag PHQ9 only: item 9 was answered above 0 — raised whether the form is scored or not
 */
public record SurveyScore(Instrument instrument, Double total, Map<String, Double> subscales, boolean safetyFlag) {

    public SurveyScore {
        Objects.requireNonNull(instrument, "instrument");
        // Copied into an insertion-ordered map because BAM subscales may be null, which Map.copyOf forbids.
        subscales = Collections.unmodifiableMap(new LinkedHashMap<>(subscales == null ? Map.of() : subscales));
    }

    /** A form that carries no score. */
    public static SurveyScore unscored(Instrument instrument, boolean safetyFlag) {
        return new SurveyScore(instrument, null, Map.of(), safetyFlag);
    }

    /** Whether the form was scored, i.e. {@code total} is not null. */
    public boolean scored() {
        return total != null;
    }
}
