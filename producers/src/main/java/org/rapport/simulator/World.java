package org.rapport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The fixed cast of a simulation: clinics, their programs and counselors. */
final class World {

    /** A counselor; {@code empathy} is the mean CARE item (1–5) their clients give them. */
    record Counselor(String id, double empathy) {
    }

    /** A program with its level of care and staff; group and peer-support sessions meet on fixed weekdays. */
    record Program(String id, String clinicId, String levelOfCare, List<Counselor> counselors, int groupWeekday,
                   int peerWeekday, int typicalStayDays) {
    }

    final List<Program> programs = new ArrayList<>();

    World(Random random) {
        program(random, "clinic-north", "north-op", "OUTPATIENT", 90);
        program(random, "clinic-north", "north-iop", "INTENSIVE_OUTPATIENT", 60);
        program(random, "clinic-south", "south-res", "RESIDENTIAL", 35);
        program(random, "clinic-east", "east-otp", "OTP", 120);
        program(random, "clinic-east", "east-op", "OUTPATIENT", 90);
    }

    private void program(Random random, String clinic, String id, String level, int stay) {
        List<Counselor> counselors = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // Empathy spread wide enough that the CARE bands LOW / MID / HIGH all occur.
            double empathy = Math.max(2.2, Math.min(4.9, 3.8 + 0.7 * random.nextGaussian()));
            counselors.add(new Counselor("co-" + id + "-" + i, empathy));
        }
        int n = programs.size();
        programs.add(new Program(id, clinic, level, List.copyOf(counselors), n % 5, (n + 2) % 5, stay));
    }
}
