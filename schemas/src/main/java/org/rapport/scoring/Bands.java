package org.rapport.scoring;

import org.rapport.avro.Band;
import org.rapport.avro.Instrument;

/**
 * The bands used for aggregation (SPEC §4): CARE LOW &lt;35 ≤ MID &lt;45 ≤ HIGH; WAI_SR LOW &lt;36 ≤ MID &lt;48 ≤ HIGH.
 * Each lower bound belongs to the higher band. Only scored surveys have a band.
 */
public final class Bands {

    private Bands() {
    }

    /**
     * The band of a scored total.
     *
     * @throws IllegalArgumentException for instruments without bands, or a score that is not a number
     */
    public static Band band(Instrument instrument, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is not a number");
        }
        return switch (instrument) {
            case CARE -> band(score, 35, 45);
            case WAI_SR -> band(score, 36, 48);
            default -> throw new IllegalArgumentException(instrument + " has no bands");
        };
    }

    private static Band band(double score, double midFrom, double highFrom) {
        if (score < midFrom) {
            return Band.LOW;
        }
        return score < highFrom ? Band.MID : Band.HIGH;
    }
}
