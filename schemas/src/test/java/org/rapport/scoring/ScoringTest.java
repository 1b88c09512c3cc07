package org.rapport.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Instrument;

class ScoringTest {

    private static final Offset<Double> EXACT = within(1e-9);

    /** Item list literal that allows nulls (List.of does not). */
    private static List<Integer> items(Integer... answers) {
        return Arrays.asList(answers);
    }

    private static List<Integer> repeat(int count, Integer answer) {
        return Collections.nCopies(count, answer);
    }

    @Nested
    class Care {

        @Test
        void sumsAllTenItems() {
            SurveyScore score = Scoring.score(Instrument.CARE, items(5, 4, 3, 3, 2, 5, 4, 3, 1, 2));
            assertThat(score.total()).isEqualTo(32.0);
            assertThat(score.scored()).isTrue();
            assertThat(score.subscales()).isEmpty();
            assertThat(score.safetyFlag()).isFalse();
        }

        @Test
        void rangeOfTheScoreIsTenToFifty() {
            assertThat(Scoring.score(Instrument.CARE, repeat(10, 1)).total()).isEqualTo(10.0);
            assertThat(Scoring.score(Instrument.CARE, repeat(10, 5)).total()).isEqualTo(50.0);
        }

        @Test
        void twoMissingItemsAreReplacedByTheMeanOfTheOthers() {
            // answered: 5+4+3+5+4+3+2+4 = 30 over 8 → mean 3.75; total = 3.75 × 10 = 37.5
            SurveyScore score = Scoring.score(Instrument.CARE, items(5, 4, null, 3, 5, 4, null, 3, 2, 4));
            assertThat(score.total()).isCloseTo(37.5, EXACT);
        }

        @Test
        void oneMissingItemIsReplacedByTheMeanOfTheOtherNine() {
            // nine answered 4s sum to 36, mean 4; the missing item 10 adds 4 → 40
            SurveyScore score = Scoring.score(Instrument.CARE, items(4, 4, 4, 4, 4, 4, 4, 4, 4, null));
            assertThat(score.total()).isCloseTo(40.0, EXACT);
        }

        @Test
        void threeMissingItemsLeaveTheFormUnscored() {
            SurveyScore score = Scoring.score(Instrument.CARE, items(5, null, null, 3, 5, 4, null, 3, 2, 4));
            assertThat(score.scored()).isFalse();
            assertThat(score.total()).isNull();
            assertThat(score.subscales()).isEmpty();
        }
    }

    @Nested
    class WorkingAlliance {

        // task (1,2,10,12) = 5+4+4+2 = 15; bond (3,5,7,9) = 3+5+3+5 = 16; goal (4,6,8,11) = 2+4+2+3 = 11
        private final Integer[] answers = {5, 4, 3, 2, 5, 4, 3, 2, 5, 4, 3, 2};

        private List<Integer> without(int... itemNumbers) {
            Integer[] copy = answers.clone();
            for (int number : itemNumbers) {
                copy[number - 1] = null;
            }
            return Arrays.asList(copy);
        }

        @Test
        void totalIsTheSumOfTaskBondAndGoal() {
            SurveyScore score = Scoring.score(Instrument.WAI_SR, without());
            assertThat(score.subscales()).containsExactly(
                    entry("task", 15.0), entry("bond", 16.0), entry("goal", 11.0));
            assertThat(score.total()).isEqualTo(42.0);
        }

        @Test
        void rangeOfTheTotalIsTwelveToSixty() {
            assertThat(Scoring.score(Instrument.WAI_SR, repeat(12, 1)).total()).isEqualTo(12.0);
            assertThat(Scoring.score(Instrument.WAI_SR, repeat(12, 5)).total()).isEqualTo(60.0);
        }

        @Test
        void oneMissingItemProratesOnlyItsSubscale() {
            // item 12 (task) missing: task = (5+4+4)/3 × 4 = 52/3; bond 16 and goal 11 unchanged
            SurveyScore score = Scoring.score(Instrument.WAI_SR, without(12));
            assertThat(score.subscales().get("task")).isCloseTo(52.0 / 3, EXACT);
            assertThat(score.subscales().get("bond")).isEqualTo(16.0);
            assertThat(score.subscales().get("goal")).isEqualTo(11.0);
            assertThat(score.total()).isCloseTo(52.0 / 3 + 27, EXACT);
        }

        @Test
        void oneMissingItemInEachSubscaleProratesAllThree() {
            // items 1, 3, 4 missing: task = (4+4+2)/3×4 = 40/3; bond = (5+3+5)/3×4 = 52/3; goal = (4+2+3)/3×4 = 12
            SurveyScore score = Scoring.score(Instrument.WAI_SR, without(1, 3, 4));
            assertThat(score.subscales().get("task")).isCloseTo(40.0 / 3, EXACT);
            assertThat(score.subscales().get("bond")).isCloseTo(52.0 / 3, EXACT);
            assertThat(score.subscales().get("goal")).isCloseTo(12.0, EXACT);
            assertThat(score.total()).isCloseTo(40.0 / 3 + 52.0 / 3 + 12, EXACT);
        }

        @Test
        void twoMissingItemsInOneSubscaleLeaveTheWholeFormUnscored() {
            SurveyScore score = Scoring.score(Instrument.WAI_SR, without(3, 5));
            assertThat(score.scored()).isFalse();
            assertThat(score.subscales()).isEmpty();
        }
    }

    @Nested
    class SelfCompassion {

        // reversed items 1,4,8,9,11,12: 6-2, 6-1, 6-2, 6-1, 6-2, 6-3 = 4+5+4+5+4+3 = 25
        // plain items 2,3,5,6,7,10: 4+3+5+4+3+5 = 24; all twelve: 49
        private final Integer[] answers = {2, 4, 3, 1, 5, 4, 3, 2, 1, 5, 2, 3};

        @Test
        void reversesTheNegativeItemsThenTakesTheMean() {
            SurveyScore score = Scoring.score(Instrument.SCS_SF, Arrays.asList(answers));
            assertThat(score.total()).isCloseTo(49.0 / 12, EXACT);
        }

        @Test
        void allOnesScoreThreeBecauseHalfTheItemsAreReversed() {
            // six reversed items count 5, six plain count 1 → 36 / 12 = 3
            assertThat(Scoring.score(Instrument.SCS_SF, repeat(12, 1)).total()).isCloseTo(3.0, EXACT);
        }

        @Test
        void tenAnsweredItemsGiveTheMeanOfTheAnswered() {
            // items 1 (reversed, counts 4) and 2 (counts 4) missing: (49 - 4 - 4) / 10 = 4.1
            Integer[] copy = answers.clone();
            copy[0] = null;
            copy[1] = null;
            assertThat(Scoring.score(Instrument.SCS_SF, Arrays.asList(copy)).total()).isCloseTo(4.1, EXACT);
        }

        @Test
        void nineAnsweredItemsLeaveTheFormUnscored() {
            Integer[] copy = answers.clone();
            copy[0] = null;
            copy[1] = null;
            copy[2] = null;
            assertThat(Scoring.score(Instrument.SCS_SF, Arrays.asList(copy)).scored()).isFalse();
        }
    }

    @Nested
    class BriefAddictionMonitor {

        /** Item n answered n: use = 4+5+6 = 15, risk = 1+2+3+8+11+15 = 40, protective = 9+10+12+13+14+16 = 74. */
        private List<Integer> itemNumberAsAnswer(int... missing) {
            Integer[] answers = new Integer[17];
            for (int number = 1; number <= 17; number++) {
                answers[number - 1] = number;
            }
            for (int number : missing) {
                answers[number - 1] = null;
            }
            return Arrays.asList(answers);
        }

        @Test
        void subscalesAreSumsAndTheTotalIsUse() {
            SurveyScore score = Scoring.score(Instrument.BAM, itemNumberAsAnswer());
            assertThat(score.subscales()).containsExactly(
                    entry("use", 15.0), entry("risk", 40.0), entry("protective", 74.0));
            assertThat(score.total()).isEqualTo(15.0);
        }

        @Test
        void maximaAreNinetyAndHundredEighty() {
            SurveyScore score = Scoring.score(Instrument.BAM, repeat(17, 30));
            assertThat(score.subscales()).containsExactly(
                    entry("use", 90.0), entry("risk", 180.0), entry("protective", 180.0));
        }

        @Test
        void itemsSevenAndSeventeenAreNotScored() {
            SurveyScore score = Scoring.score(Instrument.BAM, itemNumberAsAnswer(7, 17));
            assertThat(score.subscales()).containsExactly(
                    entry("use", 15.0), entry("risk", 40.0), entry("protective", 74.0));
        }

        @Test
        void anyMissingUseItemLeavesTheWholeFormUnscored() {
            for (int useItem = 4; useItem <= 6; useItem++) {
                SurveyScore score = Scoring.score(Instrument.BAM, itemNumberAsAnswer(useItem));
                assertThat(score.scored()).as("item %d missing", useItem).isFalse();
                assertThat(score.subscales()).isEmpty();
            }
        }

        @Test
        void aMissingRiskItemNullsOnlyRisk() {
            SurveyScore score = Scoring.score(Instrument.BAM, itemNumberAsAnswer(11));
            assertThat(score.subscales()).containsExactly(
                    entry("use", 15.0), entry("risk", null), entry("protective", 74.0));
            assertThat(score.total()).isEqualTo(15.0);
        }

        @Test
        void aMissingProtectiveItemNullsOnlyProtective() {
            SurveyScore score = Scoring.score(Instrument.BAM, itemNumberAsAnswer(16));
            assertThat(score.subscales()).containsExactly(
                    entry("use", 15.0), entry("risk", 40.0), entry("protective", null));
        }
    }

    @Nested
    class Craving {

        @Test
        void scoreIsTheValue() {
            assertThat(Scoring.score(Instrument.CRAVING, items(7)).total()).isEqualTo(7.0);
        }

        @Test
        void zeroIsAScoreNotAMissingValue() {
            SurveyScore score = Scoring.score(Instrument.CRAVING, items(0));
            assertThat(score.scored()).isTrue();
            assertThat(score.total()).isEqualTo(0.0);
        }

        @Test
        void missingValueIsUnscored() {
            assertThat(Scoring.score(Instrument.CRAVING, items((Integer) null)).scored()).isFalse();
        }
    }

    @Nested
    class Depression {

        @Test
        void sumsNineItemsAndFlagsItemNineAboveZero() {
            SurveyScore score = Scoring.score(Instrument.PHQ9, items(1, 2, 0, 3, 1, 2, 0, 1, 2));
            assertThat(score.total()).isEqualTo(12.0);
            assertThat(score.safetyFlag()).isTrue();
        }

        @Test
        void itemNineAtZeroRaisesNoFlag() {
            SurveyScore score = Scoring.score(Instrument.PHQ9, items(1, 2, 0, 3, 1, 2, 0, 1, 0));
            assertThat(score.total()).isEqualTo(10.0);
            assertThat(score.safetyFlag()).isFalse();
        }

        @Test
        void rangeIsZeroToTwentySeven() {
            assertThat(Scoring.score(Instrument.PHQ9, repeat(9, 0)).total()).isEqualTo(0.0);
            assertThat(Scoring.score(Instrument.PHQ9, repeat(9, 3)).total()).isEqualTo(27.0);
        }

        @Test
        void twoMissingItemsAreMeanImputed() {
            // answered 1+2+3+1+0+1+0 = 8 over 7; total = 8 + 2 × 8/7 = 72/7
            SurveyScore score = Scoring.score(Instrument.PHQ9, items(1, 2, null, 3, 1, null, 0, 1, 0));
            assertThat(score.total()).isCloseTo(72.0 / 7, EXACT);
        }

        @Test
        void threeMissingItemsAreUnscoredButItemNineStillRaisesTheFlag() {
            SurveyScore score = Scoring.score(Instrument.PHQ9, items(null, 2, null, 3, null, 2, 0, 1, 1));
            assertThat(score.scored()).isFalse();
            assertThat(score.safetyFlag()).isTrue();
        }

        @Test
        void missingItemNineRaisesNoFlag() {
            SurveyScore score = Scoring.score(Instrument.PHQ9, items(3, 3, 3, 3, 3, 3, 3, 3, null));
            assertThat(score.safetyFlag()).isFalse();
            assertThat(score.total()).isCloseTo(27.0, EXACT);
        }
    }

    @Nested
    class Anxiety {

        @Test
        void sumsSevenItems() {
            assertThat(Scoring.score(Instrument.GAD7, items(3, 2, 1, 0, 2, 3, 1)).total()).isEqualTo(12.0);
            assertThat(Scoring.score(Instrument.GAD7, repeat(7, 3)).total()).isEqualTo(21.0);
        }

        @Test
        void oneMissingItemIsMeanImputed() {
            // answered 3+2+0+2+3+1 = 11 over 6; total = 11 × 7/6
            SurveyScore score = Scoring.score(Instrument.GAD7, items(3, 2, null, 0, 2, 3, 1));
            assertThat(score.total()).isCloseTo(77.0 / 6, EXACT);
            assertThat(score.safetyFlag()).isFalse();
        }

        @Test
        void twoMissingItemsAreUnscored() {
            assertThat(Scoring.score(Instrument.GAD7, items(3, 2, null, 0, null, 3, 1)).scored()).isFalse();
        }
    }

    @Nested
    class Preconditions {

        @Test
        void wrongItemCountIsRejected() {
            assertThatThrownBy(() -> Scoring.score(Instrument.CARE, repeat(9, 3)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CARE needs 10 items, got 9");
        }

        @Test
        void answerOffTheScaleIsRejected() {
            assertThatThrownBy(() -> Scoring.score(Instrument.GAD7, items(3, 2, 4, 0, 2, 3, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("GAD7 item 3 must be between 0 and 3, got 4");
        }
    }

    private static Map.Entry<String, Double> entry(String key, Double value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }
}
