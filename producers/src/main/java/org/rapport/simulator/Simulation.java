package org.rapport.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.rapport.client.IncomingEvent;

/**
 * The deterministic day-by-day model behind the {@link Simulator}: admissions spread over the run,
 * weekly individual, group and peer-support sessions and monthly family sessions, attendance whose odds
 * rise with the counselor's empathy and the client's alliance (the direction the literature reports),
 * surveys on their schedules, TEDS discharges, and a few late and duplicate events. Around the middle of the run
 * some counselors of every program complete an empathy course ({@link TrainingPlan}), after which their clients
 * rate them higher and, through the same empathy → attendance link, attend more.
 * Everything comes from one seeded {@link Random} consumed in a fixed order.
 */
final class Simulation {

    private static final double LATE_SHARE = 0.02;
    private static final double DUPLICATE_SHARE = 0.01;
    private static final String[] OTHER_ENDINGS = {"TRANSFERRED", "INCARCERATED", "TERMINATED_BY_FACILITY", "OTHER"};

    private final Random random;
    private final World world;
    private final Answers answers;
    private final TrainingPlan trainings;
    private final Instant start;
    private final int days;
    private final List<SimClient> clients = new ArrayList<>();
    private final Map<Integer, List<IncomingEvent>> held = new HashMap<>();

    Simulation(SimulatorOptions options, Instant start) {
        this.random = new Random(options.seed());
        this.world = new World(random);
        this.answers = new Answers(random);
        this.trainings = new TrainingPlan(world, random, LocalDate.ofInstant(start, ZoneOffset.UTC), options.days());
        this.start = start;
        this.days = options.days();
        int admissionDays = Math.max(1, (int) (options.days() * 0.75));
        for (int i = 0; i < options.clients(); i++) {
            World.Program program = world.programs.get(random.nextInt(world.programs.size()));
            World.Counselor counselor = program.counselors().get(random.nextInt(program.counselors().size()));
            int stay = (int) (program.typicalStayDays() * (0.7 + 0.6 * random.nextDouble()));
            clients.add(new SimClient(i, String.format("MRN-%06d", 1000 + i), program, counselor,
                    random.nextInt(admissionDays), stay, random.nextGaussian(), random.nextInt(5),
                    random.nextDouble() < 0.5));
        }
    }

    /** The events the clinics send on day {@code d} (0-based), late and duplicate ones included. */
    List<IncomingEvent> day(int d) {
        List<IncomingEvent> today = new ArrayList<>();
        LocalDate date = LocalDate.ofInstant(start, ZoneOffset.UTC).plusDays(d);
        int weekday = date.getDayOfWeek().getValue() - 1;
        for (SimClient c : clients) {
            if (c.admitDay == d) {
                c.active = true;
                today.add(episode(c, at(date, 9, 0), "ADMITTED", null));
            }
        }
        for (TrainingPlan.Offering offering : trainings.offerings()) {
            if (offering.completionDay() == d) {
                offering.trained().forEach(counselor -> today.add(training(offering, counselor, at(date, 17, 0))));
            }
        }
        for (World.Program program : world.programs) {
            if (weekday == program.groupWeekday()) {
                World.Counselor lead = program.counselors().get((d / 7) % program.counselors().size());
                groupSession(today, program, lead, "GROUP", "grp", at(date, 18, 0), 90, c -> true);
            }
            if (weekday == program.peerWeekday()) {
                groupSession(today, program, program.counselors().get(0), "PEER_SUPPORT", "peer",
                        at(date, 12, 0), 60, c -> c.peerSupport);
            }
        }
        for (SimClient c : clients) {
            if (c.active && c.admitDay < d && c.weekday == weekday) {
                individualDay(today, c, date, d);
            }
        }
        for (SimClient c : clients) {
            if (c.active && c.admitDay < d) {
                maybeDischarge(today, c, date, d);
            }
        }
        today.sort(Comparator.comparing(e -> e.get("occurred_at")));
        List<IncomingEvent> sent = new ArrayList<>();
        for (IncomingEvent e : today) {
            double roll = random.nextDouble();
            // Late events arrive within the run, so that their recorded_at is never in the future.
            int delay = Math.min(1 + random.nextInt(5), days - 1 - d);
            if (roll < LATE_SHARE && delay > 0) {
                hold(d + delay, withRecordedAt(e, at(date.plusDays(delay), 8, 0)));
            } else {
                sent.add(e);
                if (roll < LATE_SHARE + DUPLICATE_SHARE) {
                    hold(d + 1, e); // resent unchanged: the pipeline must ignore it
                }
            }
        }
        sent.addAll(held.getOrDefault(d, List.of()));
        held.remove(d);
        return sent;
    }

    /** Late and duplicate events still held back after the last day, in the order they were held. */
    List<IncomingEvent> drainHeld() {
        List<IncomingEvent> rest = new ArrayList<>();
        held.keySet().stream().sorted().forEach(day -> rest.addAll(held.get(day)));
        held.clear();
        return rest;
    }

    private void groupSession(List<IncomingEvent> out, World.Program program, World.Counselor lead, String type,
                              String prefix, Instant at, int minutes, java.util.function.Predicate<SimClient> joins) {
        String sessionId = prefix + "-" + program.id() + "-" + LocalDate.ofInstant(at, ZoneOffset.UTC);
        out.add(session(program, sessionId, type, lead, at, minutes, "IN_PERSON"));
        for (SimClient c : clients) {
            if (c.active && c.program == program && c.admitDay < dayOf(at) && joins.test(c)) {
                out.add(attendance(c, sessionId, at, attends(c, lead, dayOf(at))));
            }
        }
    }

    private void individualDay(List<IncomingEvent> out, SimClient c, LocalDate date, int d) {
        Instant at = at(date, 9 + c.index % 7, 0);
        String sessionId = "ind-" + c.index + "-" + date;
        out.add(session(c.program, sessionId, "INDIVIDUAL", c.counselor, at, 50,
                random.nextDouble() < 0.2 ? "TELEHEALTH" : "IN_PERSON"));
        String status = attends(c, c.counselor, d);
        out.add(attendance(c, sessionId, at, status));
        int week = (d - c.admitDay) / 7;
        if (week % 4 == 2) {
            Instant family = at(date, 16, 0);
            String familyId = "fam-" + c.index + "-" + date;
            out.add(session(c.program, familyId, "FAMILY", c.counselor, family, 60, "IN_PERSON"));
            out.add(attendance(c, familyId, family, attends(c, c.counselor, d)));
        }
        if (isAttended(status)) {
            surveys(out, c, at.plusSeconds(50 * 60), d);
        }
    }

    /** CARE and WAI-SR early (from day 7) and monthly, BAM and PHQ-9 monthly, craving weekly. */
    private void surveys(List<IncomingEvent> out, SimClient c, Instant at, int d) {
        int daysIn = d - c.admitDay;
        if (daysIn >= 7 && d - c.lastAlliance >= 28) {
            c.lastAlliance = d;
            String rated = c.counselor.id();
            out.add(survey(c, at, "CARE", answers.care(trainings.empathy(c.counselor, d))).set("counselor_id", rated)
                    .build());
            out.add(survey(c, at, "WAI_SR", answers.waiSr(c.alliance)).set("counselor_id", rated).build());
        }
        if (d - c.lastMonthly >= 28) {
            c.lastMonthly = d;
            out.add(survey(c, at, "BAM", answers.bam(c.useDays, engagement(c))).build());
            out.add(survey(c, at, "PHQ9", answers.phq9(1.6 - 0.8 * engagement(c))).build());
        }
        out.add(survey(c, at, "CRAVING", answers.craving(c.craving)).build());
    }

    /**
     * Attendance odds rise with the counselor's empathy on day {@code d} (a training raises it) and the client's
     * alliance, fall with misses.
     */
    private String attends(SimClient c, World.Counselor counselor, int d) {
        double empathy = trainings.empathy(counselor, d);
        double logit = 1.1 + 1.0 * (empathy - 3.8) + 0.7 * c.alliance - 0.25 * c.consecutiveMissed;
        double roll = random.nextDouble();
        if (roll < 0.03) {
            return "CANCELLED_BY_PROGRAM";
        }
        if (random.nextDouble() < 1 / (1 + Math.exp(-logit))) {
            c.consecutiveMissed = 0;
            c.attended++;
            c.alliance += 0.04 * (empathy - 3.6) + 0.03 * random.nextGaussian();
            c.craving = Math.max(0, c.craving - 0.3);
            c.useDays = Math.max(0, c.useDays - 2);
            return roll < 0.10 ? "LATE" : roll < 0.14 ? "LEFT_EARLY" : "ATTENDED";
        }
        c.consecutiveMissed++;
        c.missed++;
        c.craving = Math.min(10, c.craving + 0.5);
        c.useDays = Math.min(30, c.useDays + (random.nextDouble() < 0.3 ? 3 : 0));
        return roll < 0.75 ? "NO_SHOW" : "CANCELLED_BY_CLIENT";
    }

    private void maybeDischarge(List<IncomingEvent> out, SimClient c, LocalDate date, int d) {
        String reason = null;
        if (c.consecutiveMissed >= 4 && random.nextDouble() < 0.15) {
            reason = "DROPPED_OUT";
        } else if (d - c.admitDay >= c.stayDays) {
            reason = "COMPLETED";
        } else if (random.nextDouble() < 0.002) {
            reason = OTHER_ENDINGS[random.nextInt(OTHER_ENDINGS.length)];
        }
        if (reason != null) {
            c.active = false;
            out.add(episode(c, at(date, 17, 0), "DISCHARGED", reason));
        }
    }

    private IncomingEvent episode(SimClient c, Instant at, String action, String reason) {
        return base("episode", c.program, at).set("client_ref", c.ref).set("action", action)
                .set("level_of_care", c.program.levelOfCare()).set("discharge_reason", reason).build();
    }

    private IncomingEvent session(World.Program p, String sessionId, String type, World.Counselor counselor,
                                  Instant at, int minutes, String modality) {
        return base("session", p, at).set("session_id", sessionId).set("session_type", type)
                .set("counselor_id", counselor.id()).set("duration_minutes", minutes).set("modality", modality).build();
    }

    private IncomingEvent attendance(SimClient c, String sessionId, Instant at, String status) {
        return base("attendance", c.program, at).set("session_id", sessionId).set("client_ref", c.ref)
                .set("status", status).build();
    }

    /** A trained counselor's completion of the program's course offering (no client in it). */
    private IncomingEvent training(TrainingPlan.Offering offering, World.Counselor counselor, Instant at) {
        return base("training", offering.program(), at).set("counselor_id", counselor.id())
                .set("training_id", offering.trainingId()).set("curriculum", "EMPATHY")
                .set("hours", offering.hours()).build();
    }

    private IncomingEvent.Builder survey(SimClient c, Instant at, String instrument, List<Integer> items) {
        return base("survey", c.program, at).set("client_ref", c.ref).set("instrument", instrument).items(items);
    }

    private IncomingEvent.Builder base(String type, World.Program p, Instant at) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return IncomingEvent.builder(type).set("event_id", new UUID(msb, lsb)).set("clinic_id", p.clinicId())
                .set("program_id", p.id()).set("occurred_at", at);
    }

    private static IncomingEvent withRecordedAt(IncomingEvent e, Instant recordedAt) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>(e.fields());
        fields.put("recorded_at", recordedAt.toString());
        return new IncomingEvent(fields, e.items(), e.problems());
    }

    private void hold(int day, IncomingEvent e) {
        held.computeIfAbsent(day, k -> new ArrayList<>()).add(e);
    }

    private int dayOf(Instant at) {
        return (int) Duration.between(start, at).toDays();
    }

    private static double engagement(SimClient c) {
        int sessions = c.attended + c.missed;
        return sessions == 0 ? 0.5 : (double) c.attended / sessions;
    }

    private static boolean isAttended(String status) {
        return status.equals("ATTENDED") || status.equals("LATE") || status.equals("LEFT_EARLY");
    }

    private static Instant at(LocalDate date, int hour, int minute) {
        return date.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    /** One simulated client and what the model remembers of them. */
    private static final class SimClient {
        final int index;
        final String ref;
        final World.Program program;
        final World.Counselor counselor;
        final int admitDay;
        final int stayDays;
        final int weekday;
        final boolean peerSupport;
        double alliance;
        double craving = 6;
        int useDays = 12;
        boolean active;
        int consecutiveMissed;
        int attended;
        int missed;
        int lastAlliance = Integer.MIN_VALUE / 2;
        int lastMonthly = Integer.MIN_VALUE / 2;

        SimClient(int index, String ref, World.Program program, World.Counselor counselor, int admitDay,
                  int stayDays, double alliance, int weekday, boolean peerSupport) {
            this.index = index;
            this.ref = ref;
            this.program = program;
            this.counselor = counselor;
            this.admitDay = admitDay;
            this.stayDays = stayDays;
            this.alliance = alliance;
            this.weekday = weekday;
            this.peerSupport = peerSupport;
        }
    }
}
