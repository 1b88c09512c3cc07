package org.rapport.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rapport.avro.Instrument;

/**
 * Instrument scoring (SPEC §4): pure functions from a survey's item answers to its {@link SurveyScore}.
 *
 * <p>Items are numbered from 1 as in the SPEC; item {@code n} is {@code items.get(n - 1)}, and {@code null}
 * means missing / "does not apply". Scores are computed by Rapport and never trusted from the sender.
 */
public final class Scoring {

    private static final int[] WAI_TASK = {1, 2, 10, 12};
    private static final int[] WAI_BOND = {3, 5, 7, 9};
    private static final int[] WAI_GOAL = {4, 6, 8, 11};
    private static final int[] SCS_REVERSED = {1, 4, 8, 9, 11, 12};
    private static final int SCS_MIN_ANSWERED = 10;
    private static final int[] BAM_USE = {4, 5, 6};
    private static final int[] BAM_RISK = {1, 2, 3, 8, 11, 15};
    private static final int[] BAM_PROTECTIVE = {9, 10, 12, 13, 14, 16};
    private static final int PHQ9_SAFETY_ITEM = 9;

    private Scoring() {
    }

    /**
     * Scores one survey.
     *
     * @param instrument the instrument answered
     * @param items      the answers in item order, {@code null} for missing; must already be valid
     *                   (see {@code EventValidator}): exactly the instrument's item count, each answer on its scale
     * @throws IllegalArgumentException if the item list is not valid for the instrument
     */
    public static SurveyScore score(Instrument instrument, List<Integer> items) {
        requireValid(InstrumentSpec.of(instrument), items);
        return switch (instrument) {
            case CARE -> meanImputedSum(instrument, items, 2);
            case WAI_SR -> workingAlliance(items);
            case SCS_SF -> selfCompassion(items);
            case BAM -> briefAddictionMonitor(items);
            case CRAVING -> meanImputedSum(instrument, items, 0);
            case PHQ9 -> depression(items);
            case GAD7 -> meanImputedSum(instrument, items, 1);
        };
    }

    /** PHQ9: a mean-imputed sum, plus the safety flag of item 9 that holds even when the form is unscored. */
    private static SurveyScore depression(List<Integer> items) {
        Integer suicidalThoughts = item(items, PHQ9_SAFETY_ITEM);
        boolean safety = suicidalThoughts != null && suicidalThoughts > 0;
        Double total = imputedSum(items, 2);
        return new SurveyScore(Instrument.PHQ9, total, Map.of(), safety);
    }

    /** CARE, CRAVING, GAD7: the sum, each missing item (at most {@code maxMissing}) replaced by the mean of the answered. */
    private static SurveyScore meanImputedSum(Instrument instrument, List<Integer> items, int maxMissing) {
        return new SurveyScore(instrument, imputedSum(items, maxMissing), Map.of(), false);
    }

    /** WAI_SR: three prorated four-item subscales; the total is their sum. */
    private static SurveyScore workingAlliance(List<Integer> items) {
        Double task = proratedSubscale(items, WAI_TASK);
        Double bond = proratedSubscale(items, WAI_BOND);
        Double goal = proratedSubscale(items, WAI_GOAL);
        if (task == null || bond == null || goal == null) {
            return SurveyScore.unscored(Instrument.WAI_SR, false);
        }
        Map<String, Double> subscales = new LinkedHashMap<>();
        subscales.put("task", task);
        subscales.put("bond", bond);
        subscales.put("goal", goal);
        return new SurveyScore(Instrument.WAI_SR, task + bond + goal, subscales, false);
    }

    /** SCS_SF: reverse the negatively worded items as 6 − x, then the mean of the answered items. */
    private static SurveyScore selfCompassion(List<Integer> items) {
        int answered = 0;
        double sum = 0;
        for (int number = 1; number <= items.size(); number++) {
            Integer answer = item(items, number);
            if (answer != null) {
                answered++;
                sum += contains(SCS_REVERSED, number) ? 6 - answer : answer;
            }
        }
        if (answered < SCS_MIN_ANSWERED) {
            return SurveyScore.unscored(Instrument.SCS_SF, false);
        }
        return new SurveyScore(Instrument.SCS_SF, sum / answered, Map.of(), false);
    }

    /**
     * BAM (continuous version): Use, Risk and Protective are plain sums of their items; the total is Use.
     * Without Use the form is unscored; a missing item elsewhere nulls only its own subscale.
     */
    private static SurveyScore briefAddictionMonitor(List<Integer> items) {
        Double use = completeSum(items, BAM_USE);
        if (use == null) {
            return SurveyScore.unscored(Instrument.BAM, false);
        }
        Map<String, Double> subscales = new LinkedHashMap<>();
        subscales.put("use", use);
        subscales.put("risk", completeSum(items, BAM_RISK));
        subscales.put("protective", completeSum(items, BAM_PROTECTIVE));
        return new SurveyScore(Instrument.BAM, use, subscales, false);
    }

    /** Sum of all items with each missing one replaced by the mean of the answered; null if more than {@code maxMissing} are missing. */
    private static Double imputedSum(List<Integer> items, int maxMissing) {
        int answered = 0;
        double sum = 0;
        for (Integer answer : items) {
            if (answer != null) {
                answered++;
                sum += answer;
            }
        }
        int missing = items.size() - answered;
        if (missing > maxMissing || answered == 0) {
            return null;
        }
        return sum + missing * (sum / answered);
    }

    /** A subscale's sum, prorated (mean of the answered × item count) when exactly one item is missing; null if more are. */
    private static Double proratedSubscale(List<Integer> items, int[] numbers) {
        int answered = 0;
        double sum = 0;
        for (int number : numbers) {
            Integer answer = item(items, number);
            if (answer != null) {
                answered++;
                sum += answer;
            }
        }
        if (numbers.length - answered > 1) {
            return null;
        }
        return sum / answered * numbers.length;
    }

    /** The plain sum of the given items, or null if any of them is missing. */
    private static Double completeSum(List<Integer> items, int[] numbers) {
        double sum = 0;
        for (int number : numbers) {
            Integer answer = item(items, number);
            if (answer == null) {
                return null;
            }
            sum += answer;
        }
        return sum;
    }

    /** Item {@code number}, counted from 1 as the SPEC does. */
    private static Integer item(List<Integer> items, int number) {
        return items.get(number - 1);
    }

    private static boolean contains(int[] numbers, int number) {
        for (int candidate : numbers) {
            if (candidate == number) {
                return true;
            }
        }
        return false;
    }

    private static void requireValid(InstrumentSpec spec, List<Integer> items) {
        Objects.requireNonNull(items, "items");
        if (items.size() != spec.itemCount()) {
            throw new IllegalArgumentException(
                    spec.instrument() + " needs " + spec.itemCountText() + ", got " + items.size());
        }
        for (int number = 1; number <= items.size(); number++) {
            Integer answer = item(items, number);
            if (answer != null && !spec.inRange(answer)) {
                throw new IllegalArgumentException(spec.instrument() + " item " + number + " must be between "
                        + spec.min() + " and " + spec.max() + ", got " + answer);
            }
        }
    }
}
