package org.rapport.streams.query.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapport.streams.query.suppression.SuppressionPattern.Kind;

/**
 * Complementary suppression on small tables worked by hand; after each, {@link Attacker} — exact linear algebra,
 * independent of the pattern's reasoning — must recover nothing, as an outsider or as the clinic of any program.
 */
class SuppressionPatternTest {

    @Test
    void theIssuesAttackOnTheAllMarginFails() {
        // Issue 9, item 2: ALL|CARE|HIGH episodes = 49, programs 19 + 13 + 14 + a new program's 3.
        SuppressionPattern pattern = margin(49, "a", 19, "b", 13, "c", 14, "d", 3);

        Set<String> hidden = pattern.hidden();

        // d is small. Hiding b (the smallest other) stops the researcher: 49 − 19 − 14 = b + d = 16. But b's own
        // clinic knows b and would subtract it, so c goes too.
        assertThat(hidden).containsExactlyInAnyOrder("d", "b", "c");
        assertRecoversNothing(pattern, hidden, "a", "b", "c", "d");
    }

    @Test
    void withPrimarySuppressionAloneTheAttackSucceeds() {
        // The check itself can fail: hiding only the small cell, as before, gives it away (49 − 19 − 13 − 14 = 3).
        SuppressionPattern pattern = margin(49, "a", 19, "b", 13, "c", 14, "d", 3);
        assertThat(new Attacker(pattern, Set.of("d"), Set.of()).recovered()).containsExactly("d");
        assertThat(new Attacker(pattern, Set.of("d", "b"), Set.of("b")).recovered()).containsExactly("d");
    }

    @Test
    void theClinicWhoseCellWouldHaveBeenTheComplementCannotSubtractIt() {
        // x is the attacker's own program, made the smallest shown cell on purpose (12): hiding it alone would let
        // x's clinic subtract its own 12 and read v.
        SuppressionPattern pattern = margin(85, "v", 3, "x", 12, "y", 30, "z", 40);

        Set<String> hidden = pattern.hidden();

        assertThat(hidden).contains("v", "x", "y").doesNotContain("ALL", "z");
        assertRecoversNothing(pattern, hidden, "v", "x", "y", "z");
    }

    @Test
    void withTwoProgramsTheMarginItselfIsHidden() {
        // ALL = p1 + p2: whoever runs p2 knows p2, so only hiding ALL protects p1 from them.
        SuppressionPattern pattern = margin(43, "p1", 3, "p2", 40);

        assertThat(pattern.hidden()).containsExactlyInAnyOrder("p1", "p2", "ALL");
        assertRecoversNothing(pattern, pattern.hidden(), "p1", "p2");
    }

    @Test
    void hiddenCellsWhoseSumIsSmallAreJoinedByAnother() {
        // p1 + p2 = 9 would be a small count of its own.
        SuppressionPattern pattern = margin(50, "p1", 4, "p2", 5, "p3", 41);

        assertThat(pattern.hidden()).contains("p1", "p2", "p3");
        assertRecoversNothing(pattern, pattern.hidden(), "p1", "p2", "p3");
    }

    @Test
    void aNestedCountWhoseDifferenceIsSmallIsHidden() {
        // Admitted 15, initiated 14: one client not initiated, a count of one worked out by subtraction.
        SuppressionPattern pattern = new SuppressionPattern(11)
                .cell("admitted", 15, Kind.SHOWN, null).cell("initiated", 14, Kind.SHOWN, null)
                .cell("not initiated", 1, Kind.COMPLEMENT, null)
                .relation("admitted", List.of("initiated", "not initiated"));

        assertThat(pattern.hidden()).containsExactly("initiated");
        assertRecoversNothing(pattern, pattern.hidden());
    }

    @Test
    void nothingSmallNothingHiddenAndZerosStayShown() {
        assertThat(margin(12, "p1", 12, "p2", 0).hidden()).isEmpty();
        assertThat(margin(30, "p1", 11, "p2", 19).hidden()).isEmpty();
    }

    @Test
    void aDirectorOfSeveralProgramsIsAnInsiderForAllOfThem() {
        // A director of b and c knows 13 + 14; the researcher's protection (b hidden with d) would fall.
        SuppressionPattern pattern = margin(49, "a", 19, "b", 13, "c", 14, "d", 3).insider(Set.of("b", "c"));

        Set<String> hidden = pattern.hidden();

        assertRecoversNothing(pattern, hidden, "a", "b", "c", "d");
        assertThat(new Attacker(pattern, hidden, Set.of("b", "c")).recovered()).isEmpty();
    }

    @Test
    void thePatternDependsOnTheTableNotOnTheOrderOfItsCells() {
        SuppressionPattern one = margin(49, "a", 19, "b", 13, "c", 14, "d", 3);
        SuppressionPattern other = margin(49, "d", 3, "c", 14, "a", 19, "b", 13);
        assertThat(other.hidden()).isEqualTo(one.hidden());
    }

    /** ALL = Σ programs, one cell each, owned by its program. */
    static SuppressionPattern margin(long all, Object... programsAndCounts) {
        SuppressionPattern pattern = new SuppressionPattern(11).cell("ALL", all, Kind.SHOWN, null);
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < programsAndCounts.length; i += 2) {
            String program = (String) programsAndCounts[i];
            pattern.cell(program, ((Number) programsAndCounts[i + 1]).longValue(), Kind.SHOWN, program);
            parts.add(program);
        }
        return pattern.relation("ALL", parts);
    }

    static void assertRecoversNothing(SuppressionPattern pattern, Set<String> hidden, String... programs) {
        assertThat(new Attacker(pattern, hidden, Set.of()).recovered()).as("a researcher recovers").isEmpty();
        for (String program : programs) {
            assertThat(new Attacker(pattern, hidden, Set.of(program)).recovered())
                    .as("the clinic of " + program + " recovers").isEmpty();
        }
    }
}
