package org.rapport.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rapport.avro.Band;
import org.rapport.avro.Instrument;

class BandsTest {

    @ParameterizedTest(name = "CARE {0} → {1}")
    @CsvSource({"10, LOW", "34.99, LOW", "35, MID", "44.99, MID", "45, HIGH", "50, HIGH"})
    void careBands(double score, Band expected) {
        assertThat(Bands.band(Instrument.CARE, score)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "WAI_SR {0} → {1}")
    @CsvSource({"12, LOW", "35.99, LOW", "36, MID", "47.99, MID", "48, HIGH", "60, HIGH"})
    void workingAllianceBands(double score, Band expected) {
        assertThat(Bands.band(Instrument.WAI_SR, score)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Instrument.class, names = {"CARE", "WAI_SR"}, mode = EnumSource.Mode.EXCLUDE)
    void otherInstrumentsHaveNoBands(Instrument instrument) {
        assertThatThrownBy(() -> Bands.band(instrument, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(instrument + " has no bands");
    }

    @ParameterizedTest
    @EnumSource(value = Instrument.class, names = {"CARE", "WAI_SR"})
    void notANumberHasNoBand(Instrument instrument) {
        assertThatThrownBy(() -> Bands.band(instrument, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
