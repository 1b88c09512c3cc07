package org.rapport.streams.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.scoring.InstrumentSpec;
import org.rapport.streams.testing.Events;

/**
 * A random but plausible history for a few clients over ~four months: admissions and discharges (some out of
 * place), attendance with corrections, sessions with counselors in two programs, every instrument, trainings
 * of the counselors, and clock ticks.
 */
public final class RandomHistory {

    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    public static final Instant END = START.plus(Duration.ofDays(130));

    /** An input event, or a tick (event == null) at {@code at}. */
    public record Item(SpecificRecord event, Instant at) {
        public static final Comparator<Item> BY_TIME = Comparator.comparing(Item::at);
    }

    private final Random random;
    private final List<Item> items = new ArrayList<>();
    private int ids;

    private RandomHistory(long seed) {
        this.random = new Random(seed);
    }

    public static List<Item> generate(long seed) {
        return generate(seed, 0);
    }

    /** With {@code clients} clients, or 1–4 chosen by the seed when 0. */
    public static List<Item> generate(long seed, int clientCount) {
        RandomHistory h = new RandomHistory(seed);
        int clients = clientCount > 0 ? clientCount : 1 + h.random.nextInt(4);
        for (int c = 0; c < clients; c++) {
            h.client("client-" + c, c % 2 == 0 ? "prog-1" : "prog-2");
        }
        for (int s = 0; s < 12; s++) {
            h.session("s" + s);
        }
        int trainings = 1 + h.random.nextInt(4);
        for (int t = 0; t < trainings; t++) {
            h.training();
        }
        for (int t = 0; t < 3; t++) {
            h.items.add(new Item(null, h.time(0, 125)));
        }
        h.items.sort(Item.BY_TIME);
        return h.items;
    }

    private void client(String name, String program) {
        String id = Events.client(name);
        int episodeEvents = 1 + random.nextInt(4);
        for (int i = 0; i < episodeEvents; i++) {
            boolean admit = i % 2 == 0 || random.nextInt(5) == 0;   // sometimes out of place
            Instant at = time(i * 30, i * 30 + 29);
            add(EpisodeEvent.newBuilder().setEventId(eventId()).setClinicId(Events.CLINIC).setProgramId(program)
                    .setClientId(id).setAction(admit ? EpisodeAction.ADMITTED : EpisodeAction.DISCHARGED)
                    .setLevelOfCare(LevelOfCare.OUTPATIENT)
                    .setDischargeReason(admit ? null : pick(DischargeReason.values()))
                    .setOccurredAt(at).setRecordedAt(null).build(), at);
        }
        int sessions = random.nextInt(14);
        for (int i = 0; i < sessions; i++) {
            String session = "s" + random.nextInt(12);
            Instant at = time(0, 120);
            add(attendance(id, program, session, at, null), at);
            if (random.nextInt(6) == 0) {  // a correction, recorded later
                add(attendance(id, program, session, at, at.plus(Duration.ofDays(1 + random.nextInt(20)))), at);
            }
        }
        int surveys = random.nextInt(10);
        for (int i = 0; i < surveys; i++) {
            Instrument instrument = pick(new Instrument[]{Instrument.CARE, Instrument.WAI_SR, Instrument.SCS_SF,
                    Instrument.BAM, Instrument.CRAVING, Instrument.PHQ9, Instrument.GAD7});
            Instant at = time(0, 120);
            add(survey(id, program, instrument, at), at);
        }
    }

    private AttendanceEvent attendance(String client, String program, String session, Instant at, Instant recordedAt) {
        return AttendanceEvent.newBuilder().setEventId(eventId()).setClinicId(Events.CLINIC).setProgramId(program)
                .setSessionId(session).setClientId(client).setStatus(pick(AttendanceStatus.values()))
                .setOccurredAt(at).setRecordedAt(recordedAt).build();
    }

    private SurveyEvent survey(String client, String program, Instrument instrument, Instant at) {
        InstrumentSpec spec = InstrumentSpec.of(instrument);
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < spec.itemCount(); i++) {
            boolean missing = spec.itemCount() > 1 && random.nextInt(10) == 0;
            answers.add(missing ? null : spec.min() + random.nextInt(spec.max() - spec.min() + 1));
        }
        String counselor = instrument == Instrument.CARE || instrument == Instrument.WAI_SR
                ? "counselor-" + random.nextInt(3) : null;
        return SurveyEvent.newBuilder().setEventId(eventId()).setClinicId(Events.CLINIC).setProgramId(program)
                .setClientId(client).setInstrument(instrument).setItems(answers).setCounselorId(counselor)
                .setOccurredAt(at).setRecordedAt(null).build();
    }

    /** A group or peer-support session; sometimes corrected later (recorded later) to the other type. */
    private void session(String session) {
        Instant at = time(0, 120);
        SessionType type = random.nextBoolean() ? SessionType.GROUP : SessionType.PEER_SUPPORT;
        String program = random.nextInt(4) == 0 ? "prog-2" : "prog-1";
        SessionEvent event = SessionEvent.newBuilder().setEventId(eventId()).setClinicId(Events.CLINIC).setProgramId(program)
                .setSessionId(session).setSessionType(type).setCounselorId("counselor-" + random.nextInt(4))
                .setDurationMinutes(60).setModality(Modality.IN_PERSON).setOccurredAt(at).setRecordedAt(null).build();
        add(event, at);
        if (random.nextInt(3) == 0) {
            add(SessionEvent.newBuilder(event).setEventId(eventId())
                    .setSessionType(type == SessionType.GROUP ? SessionType.PEER_SUPPORT : SessionType.GROUP)
                    .setRecordedAt(at.plus(Duration.ofDays(1 + random.nextInt(20)))).build(), at);
        }
    }

    /** A counselor completes one of two trainings (of a random curriculum: the earliest event's counts). */
    private void training() {
        Instant at = time(20, 100);
        add(TrainingEvent.newBuilder().setEventId(eventId()).setClinicId(Events.CLINIC).setProgramId("prog-1")
                .setCounselorId("counselor-" + random.nextInt(4)).setTrainingId("t" + random.nextInt(2))
                .setCurriculum(random.nextBoolean() ? Curriculum.EMPATHY : Curriculum.MOTIVATIONAL_INTERVIEWING)
                .setHours(8).setOccurredAt(at).setRecordedAt(null).build(), at);
    }

    private void add(SpecificRecord event, Instant at) {
        items.add(new Item(event, at));
    }

    /** A time between the given days after START, on the hour or half hour (so ties happen). */
    private Instant time(int fromDay, int toDay) {
        int day = fromDay + random.nextInt(Math.max(1, toDay - fromDay + 1));
        return START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(30L * random.nextInt(48)));
    }

    private String eventId() {
        return new java.util.UUID(random.nextLong(), ++ids).toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
