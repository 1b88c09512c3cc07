package org.rapport.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's empathy course (issue 13): in every program, {@value #TRAINED_PER_PROGRAM} of the counselors complete
 * one offering of an {@code EMPATHY} training (one {@code training_id} per program) around the middle of the run.
 * After completion a trained counselor's empathy — the mean CARE item their clients give — rises, ramping in over
 * {@value #RAMP_DAYS} days; attendance, alliance and so dropout follow through the simulation's existing
 * empathy → engagement link. Every counselor also drifts slowly upwards, the secular trend that the untrained
 * counselors (the comparison group) show on their own, so the course's effect is the difference between the two.
 */
final class TrainingPlan {

    /** Three, because a training with fewer trained counselors shows no metric (SPEC §7). */
    static final int TRAINED_PER_PROGRAM = 3;
    /** The mean rise of a trained counselor's empathy, in CARE item points (×10 on the 10–50 CARE total). */
    private static final double MEAN_GAIN = 0.8;
    private static final double GAIN_SD = 0.15;
    private static final double MIN_GAIN = 0.5;
    private static final double MAX_GAIN = 1.1;
    private static final int RAMP_DAYS = 14;
    /** Everyone's empathy creeps up by this much a day (about 0.1 item points, one CARE point, per 100 days). */
    private static final double SECULAR_DRIFT_PER_DAY = 0.001;
    /** Empathy stays below the top of the CARE scale, as in {@link World}. */
    private static final double MAX_EMPATHY = 4.9;
    /** Offerings end within this many days either side of the run's middle. */
    private static final int SPREAD_DAYS = 7;
    private static final double[] COURSE_HOURS = {12, 16, 24};

    /**
     * One program's offering of the course.
     *
     * @param completionDay the day (0-based) its counselors complete it
     * @param trained       its counselors, in id order
     */
    record Offering(World.Program program, String trainingId, int completionDay, double hours,
                    List<World.Counselor> trained) {
    }

    private record Gain(int completionDay, double points) {
    }

    private final List<Offering> offerings = new ArrayList<>();
    private final Map<String, Gain> gains = new HashMap<>();

    TrainingPlan(World world, Random random, LocalDate firstDay, int days) {
        for (World.Program program : world.programs) {
            List<World.Counselor> staff = new ArrayList<>(program.counselors());
            Collections.shuffle(staff, random);
            List<World.Counselor> trained = staff.subList(0, Math.min(TRAINED_PER_PROGRAM, staff.size())).stream()
                    .sorted(Comparator.comparing(World.Counselor::id)).toList();
            int completion = Math.max(0, Math.min(days - 1, days / 2 + random.nextInt(2 * SPREAD_DAYS + 1) - SPREAD_DAYS));
            double hours = COURSE_HOURS[random.nextInt(COURSE_HOURS.length)];
            String trainingId = "empathy-" + program.id() + "-" + firstDay.plusDays(completion);
            offerings.add(new Offering(program, trainingId, completion, hours, trained));
            for (World.Counselor c : trained) {
                double gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, MEAN_GAIN + GAIN_SD * random.nextGaussian()));
                gains.put(c.id(), new Gain(completion, gain));
            }
        }
    }

    List<Offering> offerings() {
        return offerings;
    }

    /** The counselor's empathy on day {@code d}: their own, the secular drift, and once trained the course's gain. */
    double empathy(World.Counselor counselor, int d) {
        double empathy = counselor.empathy() + SECULAR_DRIFT_PER_DAY * d;
        Gain gain = gains.get(counselor.id());
        if (gain != null && d >= gain.completionDay()) {
            empathy += gain.points() * Math.min(1.0, (d - gain.completionDay() + 1) / (double) RAMP_DAYS);
        }
        return Math.min(MAX_EMPATHY, empathy);
    }
}
