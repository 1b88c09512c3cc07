package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rapport.programs.ProgramRegistry;
import org.rapport.client.Converted;
import org.rapport.client.EventConverter;
import org.rapport.client.IncomingEvent;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.validation.EventValidator;

class SimulatorTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final SimulatorOptions OPTIONS = new SimulatorOptions(7, 120, 300, START, false, Duration.ofSeconds(1));

    private static List<IncomingEvent> flat(List<List<IncomingEvent>> days) {
        return days.stream().flatMap(List::stream).toList();
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        List<IncomingEvent> first = flat(Simulator.generate(OPTIONS, START));
        List<IncomingEvent> second = flat(Simulator.generate(OPTIONS, START));
        List<IncomingEvent> other = flat(Simulator.generate(
                new SimulatorOptions(8, 120, 300, START, false, Duration.ofSeconds(1)), START));

        assertThat(first).hasSizeGreaterThan(10_000).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void everyEventIsValidAndEveryKindAndScheduleOccurs() {
        List<IncomingEvent> events = flat(Simulator.generate(OPTIONS, START));
        EventConverter converter = new EventConverter(new Pseudonymizer("s"), new EventValidator(Duration.ofDays(1)),
                Clock.fixed(START.plus(Duration.ofDays(121)), ZoneOffset.UTC), Duration.ofDays(1));
        for (IncomingEvent e : events) {
            Converted c = converter.convert(e);
            assertThat(c.errors()).as("%s", e).isEmpty();
        }
        Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(IncomingEvent::type, Collectors.counting()));
        assertThat(byType).containsOnlyKeys("episode", "session", "attendance", "survey", "training");
        assertThat(values(events, "session_type")).containsExactlyInAnyOrder("INDIVIDUAL", "GROUP", "FAMILY", "PEER_SUPPORT");
        assertThat(values(events, "instrument")).containsExactlyInAnyOrder("CARE", "WAI_SR", "BAM", "CRAVING", "PHQ9");
        assertThat(values(events, "discharge_reason")).contains("COMPLETED", "DROPPED_OUT");
        assertThat(values(events, "clinic_id")).hasSize(3);
        assertThat(values(events, "program_id")).hasSize(5);
        assertThat(events.stream().filter(e -> "ADMITTED".equals(e.get("action"))).map(e -> e.get("event_id"))
                .distinct()).as("one admission per client, duplicates aside").hasSize(300);
    }

    @Test
    void theDemoClinicsAndProgramsAreThoseOfTheEvents() {
        assertThat(Simulator.clinicsAndPrograms()).isEqualTo(Map.of("clinic-north", List.of("north-op", "north-iop"),
                "clinic-south", List.of("south-res"), "clinic-east", List.of("east-otp", "east-op")));
        Map<String, Set<String>> seen = flat(Simulator.generate(OPTIONS, START)).stream().collect(Collectors.groupingBy(
                e -> e.get("clinic_id"), Collectors.mapping(e -> e.get("program_id"), Collectors.toSet())));
        Simulator.clinicsAndPrograms().forEach((clinic, programs) ->
                assertThat(seen.get(clinic)).containsExactlyInAnyOrderElementsOf(programs));
    }

    @Test
    void theDemoProgramRegistryOwnsEveryProgramOfTheEventsWithTheirLevelOfCare() {
        ProgramRegistry registry = ProgramRegistry.of(Simulator.programs());
        List<IncomingEvent> events = flat(Simulator.generate(OPTIONS, START));

        assertThat(events).allSatisfy(e -> assertThat(registry.refusal(e.get("clinic_id"), e.get("program_id")))
                .isEmpty());
        assertThat(events).filteredOn(e -> "episode".equals(e.type())).allSatisfy(e -> assertThat(e.get("level_of_care"))
                .isEqualTo(registry.find(e.get("program_id")).orElseThrow().levelOfCare().name()));
        assertThat(registry.find("east-otp").orElseThrow().name()).isEqualTo("East Opioid Treatment Program");
    }

    @Test
    void someEventsComeLateAndSomeTwice() {
        List<IncomingEvent> events = flat(Simulator.generate(OPTIONS, START));
        long late = events.stream().filter(e -> e.get("recorded_at") != null).count();
        Set<String> seen = new HashSet<>();
        long duplicates = events.stream().filter(e -> !seen.add(e.get("event_id"))).count();
        assertThat(late).isBetween(events.size() / 100L, events.size() / 25L);
        assertThat(duplicates).isBetween(events.size() / 200L, events.size() / 50L);
    }

    @Test
    void clientsOfTheMostEmpatheticCounselorsAttendMore() {
        List<IncomingEvent> events = flat(Simulator.generate(OPTIONS, START));
        Map<String, String> counselorOfSession = new HashMap<>();
        events.stream().filter(e -> "session".equals(e.type()))
                .forEach(e -> counselorOfSession.put(e.get("session_id"), e.get("counselor_id")));
        Map<String, double[]> care = new HashMap<>(); // counselor -> {sum, n}
        Map<String, double[]> attendance = new HashMap<>(); // counselor -> {attended, attended + missed}
        for (IncomingEvent e : events) {
            if ("CARE".equals(e.get("instrument"))) {
                double[] s = care.computeIfAbsent(e.get("counselor_id"), k -> new double[2]);
                e.items().stream().filter(i -> i != null).forEach(i -> { s[0] += Integer.parseInt(i); s[1]++; });
            } else if ("attendance".equals(e.type()) && e.get("session_id").startsWith("ind-")) {
                double[] a = attendance.computeIfAbsent(counselorOfSession.get(e.get("session_id")), k -> new double[2]);
                String status = e.get("status");
                boolean attended = Set.of("ATTENDED", "LATE", "LEFT_EARLY").contains(status);
                boolean missed = Set.of("NO_SHOW", "CANCELLED_BY_CLIENT").contains(status);
                a[0] += attended ? 1 : 0;
                a[1] += attended || missed ? 1 : 0;
            }
        }
        List<String> byEmpathy = care.keySet().stream().filter(attendance::containsKey)
                .sorted((x, y) -> Double.compare(care.get(x)[0] / care.get(x)[1], care.get(y)[0] / care.get(y)[1]))
                .toList();
        double low = rate(attendance, byEmpathy.subList(0, 5));
        double high = rate(attendance, byEmpathy.subList(byEmpathy.size() - 5, byEmpathy.size()));
        assertThat(high).isGreaterThan(low + 0.05);
    }

    @Test
    void everyDemoProgramTrainsThreeOfItsFiveCounselorsInOneEmpathyCourseAroundTheMiddleOfTheRun() {
        List<IncomingEvent> events = flat(Simulator.generate(OPTIONS, START));
        Map<String, Set<String>> counselorsOfProgram = events.stream().filter(e -> "session".equals(e.type()))
                .collect(Collectors.groupingBy(e -> e.get("program_id"),
                        Collectors.mapping(e -> e.get("counselor_id"), Collectors.toSet())));
        Map<String, List<IncomingEvent>> byTraining = events.stream().filter(e -> "training".equals(e.type()))
                .collect(Collectors.groupingBy(e -> e.get("training_id")));

        assertThat(byTraining).hasSize(5);
        Set<String> programs = new HashSet<>();
        byTraining.forEach((trainingId, offering) -> {
            String program = values(offering, "program_id").iterator().next();
            programs.add(program);
            assertThat(trainingId).startsWith("empathy-" + program + "-2026-");
            assertThat(values(offering, "program_id")).as(trainingId).containsExactly(program);
            assertThat(values(offering, "curriculum")).containsExactly("EMPATHY");
            assertThat(values(offering, "hours")).hasSize(1).isSubsetOf("12.0", "16.0", "24.0");
            Set<String> trained = values(offering, "counselor_id");
            assertThat(trained).as("one course, three counselors (duplicates resent aside)").hasSize(3);
            assertThat(counselorsOfProgram.get(program)).hasSize(5).containsAll(trained);
            Instant completed = Instant.parse(values(offering, "occurred_at").iterator().next());
            assertThat(values(offering, "occurred_at")).as("one completion per offering").hasSize(1);
            // 120 days from START: the middle is day 60, and offerings end within a week of it.
            assertThat(completed).isBetween(START.plus(Duration.ofDays(53)), START.plus(Duration.ofDays(68)));
            assertThat(offering).allSatisfy(e -> assertThat(e.get("client_ref")).isNull());
        });
        assertThat(programs).hasSize(5);
    }

    /**
     * Issue 13's demo effect, pooled over three runs (SPEC §5.8's windows, see {@link TrainingEffects}): trained
     * counselors' CARE rises by more than 3 points (0.3 per item) while the comparison group's drifts by less than
     * 1.5; their clients' attendance rises by 4 points more than the comparison group's, and their dropout falls by
     * more. Measured with these seeds: CARE item 3.71 -> 4.21 against 3.84 -> 3.90, attendance 0.684 -> 0.806 against
     * 0.729 -> 0.753, dropout within 40 days of admission 10.9 % -> 3.8 % against 13.9 % -> 11.4 %.
     */
    @Test
    void afterTheEmpathyCourseTrainedCounselorsAreRatedHigherAndTheirClientsAttendMoreAndDropOutLess() {
        TrainingEffects effects = new TrainingEffects();
        for (long seed : new long[] {1, 2, 3}) {
            SimulatorOptions options = new SimulatorOptions(seed, 120, 300, START, false, Duration.ofSeconds(1));
            effects.add(flat(Simulator.generate(options, START)), START.plus(Duration.ofDays(120)));
        }

        assertThat(effects.trained.careChange()).as("%s", effects).isGreaterThan(0.3);
        assertThat(effects.comparison.careChange()).as("%s", effects).isBetween(-0.15, 0.15);
        assertThat(effects.trained.attendanceChange()).as("%s", effects)
                .isGreaterThan(effects.comparison.attendanceChange() + 0.04);
        assertThat(effects.trained.dropoutChange()).as("%s", effects).isLessThan(effects.comparison.dropoutChange());
    }

    private static double rate(Map<String, double[]> attendance, List<String> counselors) {
        double attended = 0;
        double total = 0;
        for (String c : counselors) {
            attended += attendance.get(c)[0];
            total += attendance.get(c)[1];
        }
        return attended / total;
    }

    private static Set<String> values(List<IncomingEvent> events, String field) {
        return events.stream().map(e -> e.get(field)).filter(v -> v != null).collect(Collectors.toCollection(
                java.util.TreeSet::new));
    }
}
