package org.rapport.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** clinic, program, display name, level of care, typical stay in days. */
    private record Spec(String clinic, String id, String name, String level, int stay) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("clinic-north", "north-op", "North Outpatient", "OUTPATIENT", 90),
            new Spec("clinic-north", "north-iop", "North Intensive Outpatient", "INTENSIVE_OUTPATIENT", 60),
            new Spec("clinic-south", "south-res", "South Residential", "RESIDENTIAL", 35),
            new Spec("clinic-east", "east-otp", "East Opioid Treatment Program", "OTP", 120),
            new Spec("clinic-east", "east-op", "East Outpatient", "OUTPATIENT", 90));

    /** Enough counselors that a program can train three (a training with fewer shows no metric, SPEC §7) and keep two. */
    static final int COUNSELORS_PER_PROGRAM = 5;

    final List<Program> programs = new ArrayList<>();

    World(Random random) {
        SPECS.forEach(spec -> program(random, spec.clinic(), spec.id(), spec.level(), spec.stay()));
    }

    /** clinic id → its program ids, in a fixed order. */
    static Map<String, List<String>> clinicsAndPrograms() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        SPECS.forEach(spec -> result.computeIfAbsent(spec.clinic(), k -> new ArrayList<>()).add(spec.id()));
        return result;
    }

    /** The programs as the program registry declares them. */
    static List<org.rapport.programs.Program> registered() {
        return SPECS.stream().map(spec -> new org.rapport.programs.Program(spec.id(), spec.clinic(), spec.name(),
                org.rapport.avro.LevelOfCare.valueOf(spec.level()))).toList();
    }

    private void program(Random random, String clinic, String id, String level, int stay) {
        List<Counselor> counselors = new ArrayList<>();
        for (int i = 1; i <= COUNSELORS_PER_PROGRAM; i++) {
            // Empathy spread wide enough that the CARE bands LOW / MID / HIGH all occur.
            double empathy = Math.max(2.2, Math.min(4.9, 3.8 + 0.7 * random.nextGaussian()));
            counselors.add(new Counselor("co-" + id + "-" + i, empathy));
        }
        int n = programs.size();
        programs.add(new Program(id, clinic, level, List.copyOf(counselors), n % 5, (n + 2) % 5, stay));
    }
}
