package org.rapport.scoring;

import java.util.Objects;
import org.rapport.avro.Instrument;

/**
 * The shape of an instrument's item list (SPEC §4): how many items it has and the scale every item is
 * answered on. Validation uses it to reject malformed surveys; scoring relies on it having done so.
 *
 * @param instrument the instrument described
 * @param itemCount  the exact number of items a survey of this instrument carries (answered or not)
 * @param min        the lowest allowed answer of every item
 * @param max        the highest allowed answer of every item
 */
public record InstrumentSpec(Instrument instrument, int itemCount, int min, int max) {

    public InstrumentSpec {
        Objects.requireNonNull(instrument, "instrument");
        if (itemCount < 1 || min > max) {
            throw new IllegalArgumentException("bad spec for " + instrument);
        }
    }

    /** The specification of {@code instrument} as SPEC §4 lists it. */
    public static InstrumentSpec of(Instrument instrument) {
        return switch (Objects.requireNonNull(instrument, "instrument")) {
            case CARE -> new InstrumentSpec(instrument, 10, 1, 5);
            case WAI_SR -> new InstrumentSpec(instrument, 12, 1, 5);
            case SCS_SF -> new InstrumentSpec(instrument, 12, 1, 5);
            case BAM -> new InstrumentSpec(instrument, 17, 0, 30);
            case CRAVING -> new InstrumentSpec(instrument, 1, 0, 10);
            case PHQ9 -> new InstrumentSpec(instrument, 9, 0, 3);
            case GAD7 -> new InstrumentSpec(instrument, 7, 0, 3);
        };
    }

    /** "10 items", "1 item": the count as error messages say it. */
    public String itemCountText() {
        return itemCount + (itemCount == 1 ? " item" : " items");
    }

    /** Whether {@code answer} lies on this instrument's item scale (bounds included). */
    public boolean inRange(int answer) {
        return answer >= min && answer <= max;
    }
}
