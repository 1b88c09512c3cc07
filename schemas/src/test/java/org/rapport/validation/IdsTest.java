package org.rapport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id alphabet of issue 9, item 7, one class of hostile id at a time. */
class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"north-op", "a", "P.1_2:3-4", "iop-north", "s-2026-02-03-grp"})
    void ordinaryIdsPass(String id) {
        assertThat(Ids.idProblem(id)).isEmpty();
    }

    @Test
    void sixtyFourCharactersIsTheLongestId() {
        assertThat(Ids.idProblem("x".repeat(64))).isEmpty();
        assertThat(Ids.idProblem("x".repeat(65))).contains("must be 1-64 characters of A-Z a-z 0-9 . _ : -, got 65 characters");
        assertThat(Ids.idProblem("")).contains("must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        assertThat(Ids.idProblem(null)).isPresent();
    }

    @Test
    void theKeySeparatorIsRefusedAndNamed() {
        assertThat(Ids.idProblem("north-op|evil"))
                .contains("must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+007C '|' at position 9 is not allowed");
    }

    @Test
    void controlFormatAndLookAlikeCharactersAreRefusedByCodePointNeverShownRaw() {
        assertThat(Ids.idProblem("north\u0000op")).get().asString().endsWith("U+0000 at position 6 is not allowed");
        assertThat(Ids.idProblem("north\u001b[2Jop")).get().asString().endsWith("U+001B at position 6 is not allowed");
        assertThat(Ids.idProblem("north-op\u202Eevil")).get().asString().endsWith("U+202E at position 9 is not allowed");
        assertThat(Ids.idProblem("north\u200Bop")).get().asString().endsWith("U+200B at position 6 is not allowed");
        assertThat(Ids.idProblem("n\u043Erth-op")).as("Cyrillic o").get().asString()
                .endsWith("U+043E at position 2 is not allowed");
        assertThat(Ids.idProblem("north\uD800op")).as("a lone surrogate").get().asString()
                .endsWith("U+D800 at position 6 is not allowed");
        assertThat(Ids.idProblem("north op")).get().asString().endsWith("U+0020 at position 6 is not allowed");
        assertThat(Ids.idProblem("north\nop")).get().asString().doesNotContain("\n");
    }

    @Test
    void aClinicIdHasNoColonSoPseudonymMessagesCannotCollide() {
        assertThat(Ids.clinicIdProblem("clinic-north")).isEmpty();
        assertThat(Ids.clinicIdProblem("clinic:north"))
                .contains("must be 1-64 characters of A-Z a-z 0-9 . _ -; U+003A ':' at position 7 is not allowed");
        assertThat(Ids.idProblem("clinic:north")).as("other ids may hold a colon").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MRN-0001", "0042 77", "Nº 12/2026", "Müller-7", "病历-12"})
    void recordNumbersMayBeAnyPrintableText(String ref) {
        assertThat(Ids.clientRefProblem(ref)).isEmpty();
    }

    @Test
    void recordNumbersRefuseInvisibleAndDisguisingCharacters() {
        String rule = "must hold printable characters only; ";
        assertThat(Ids.clientRefProblem("MRN\u00001")).contains(rule + "U+0000 at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\u001b1")).contains(rule + "U+001B at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\u202E1")).contains(rule + "U+202E at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\u200D1")).contains(rule + "U+200D at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\u00A01")).as("no-break space").contains(rule + "U+00A0 at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\uDC001")).contains(rule + "U+DC00 at position 4 is not allowed");
        assertThat(Ids.clientRefProblem("MRN\n1")).contains(rule + "U+000A at position 4 is not allowed");
    }

    @Test
    void recordNumbersAreBoundedAndInOneNormalForm() {
        assertThat(Ids.clientRefProblem("7".repeat(64))).isEmpty();
        assertThat(Ids.clientRefProblem("7".repeat(65))).contains("must be at most 64 characters, got 65");
        assertThat(Ids.clientRefProblem("")).contains("must not be empty");
        assertThat(Ids.clientRefProblem("Mu\u0308ller")).as("u + combining diaeresis, not NFC")
                .contains("must be in Unicode normal form NFC (one way of writing each accented letter)");
        assertThat(Ids.clientRefProblem("M\u00FCller")).isEmpty();
    }
}
