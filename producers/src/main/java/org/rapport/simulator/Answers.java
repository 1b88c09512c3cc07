package org.rapport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Plausible questionnaire answers (SPEC §4 scales), now and then with a missing item. */
final class Answers {

    private final Random random;

    Answers(Random random) {
        this.random = random;
    }

    /** CARE: 10 items 1–5 around the counselor's empathy. */
    List<Integer> care(double empathy) {
        return scale(10, 1, 5, empathy, 0.6);
    }

    /** WAI-SR: 12 items 1–5 around 3.5 moved by the client's alliance. */
    List<Integer> waiSr(double alliance) {
        return scale(12, 1, 5, 3.5 + 0.8 * alliance, 0.6);
    }

    /** BAM: 17 items, days of the past 30; use items 4–6 follow the client's use. */
    List<Integer> bam(int useDays, double engagement) {
        List<Integer> items = new ArrayList<>();
        for (int item = 1; item <= 17; item++) {
            int value = switch (item) {
                case 4, 5, 6 -> item == 4 ? useDays : clamp(useDays / 2 + random.nextInt(2), 0, 30);
                case 9, 10, 12, 13, 14, 16 -> days(15 + 12 * engagement);
                default -> days(8 - 6 * engagement);
            };
            items.add(value);
        }
        return items;
    }

    private int days(double mean) {
        return clamp((int) Math.round(mean + 4 * random.nextGaussian()), 0, 30);
    }

    /** CRAVING: one item 0–10. */
    List<Integer> craving(double level) {
        return List.of(clamp((int) Math.round(level + random.nextGaussian()), 0, 10));
    }

    /** PHQ-9: 9 items 0–3; item 9 (self-harm thoughts) rarely above 0. */
    List<Integer> phq9(double mood) {
        List<Integer> items = scale(8, 0, 3, mood, 0.7);
        items.add(random.nextDouble() < 0.03 ? 1 : 0);
        return items;
    }

    private List<Integer> scale(int count, int min, int max, double mean, double sd) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(random.nextDouble() < 0.02 ? null
                    : clamp((int) Math.round(mean + sd * random.nextGaussian()), min, max));
        }
        return items;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
