package org.rapport.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Instrument;

class InstrumentSpecTest {

    @ParameterizedTest(name = "{0}: {1} items, {2}–{3}")
    @CsvSource({
        "CARE, 10, 1, 5",
        "WAI_SR, 12, 1, 5",
        "SCS_SF, 12, 1, 5",
        "BAM, 17, 0, 30",
        "CRAVING, 1, 0, 10",
        "PHQ9, 9, 0, 3",
        "GAD7, 7, 0, 3"
    })
    void matchesTheSpecTable(Instrument instrument, int itemCount, int min, int max) {
        assertThat(InstrumentSpec.of(instrument)).isEqualTo(new InstrumentSpec(instrument, itemCount, min, max));
    }

    @Test
    void rangeIncludesBothBounds() {
        InstrumentSpec care = InstrumentSpec.of(Instrument.CARE);
        assertThat(care.inRange(0)).isFalse();
        assertThat(care.inRange(1)).isTrue();
        assertThat(care.inRange(5)).isTrue();
        assertThat(care.inRange(6)).isFalse();
    }
}
