package org.rapport.streams.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

/** Readable event builders for scenario tests: {@code Events.admitted("c1", "2026-01-05T09:00:00Z")}. */
public final class Events {

    public static final String CLINIC = "clinic-a";
    public static final String PROGRAM = "prog-1";

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Events() {
    }

    /** A valid pseudonym for a readable name (32 lower-case hex characters). */
    public static String client(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    public static String newEventId() {
        return UUID.nameUUIDFromBytes(("event-" + SEQ.incrementAndGet()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static Instant at(String iso) {
        return Instant.parse(iso.length() == 10 ? iso + "T10:00:00Z" : iso);
    }

    public static EpisodeEvent admitted(String client, String when) {
        return admitted(client, when, PROGRAM);
    }

    public static EpisodeEvent admitted(String client, String when, String program) {
        return EpisodeEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(program)
                .setClientId(client(client)).setAction(EpisodeAction.ADMITTED).setLevelOfCare(LevelOfCare.OUTPATIENT)
                .setDischargeReason(null).setOccurredAt(at(when)).setRecordedAt(null).build();
    }

    public static EpisodeEvent discharged(String client, String when, DischargeReason reason) {
        return EpisodeEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(PROGRAM)
                .setClientId(client(client)).setAction(EpisodeAction.DISCHARGED).setLevelOfCare(LevelOfCare.OUTPATIENT)
                .setDischargeReason(reason).setOccurredAt(at(when)).setRecordedAt(null).build();
    }

    public static AttendanceEvent attendance(String client, String session, String when, AttendanceStatus status) {
        return attendance(client, session, when, status, PROGRAM);
    }

    public static AttendanceEvent attendance(String client, String session, String when, AttendanceStatus status,
                                             String program) {
        return AttendanceEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(program)
                .setSessionId(session).setClientId(client(client)).setStatus(status).setOccurredAt(at(when))
                .setRecordedAt(null).build();
    }

    /** A correction: the same session and client, recorded at {@code recordedAt}. */
    public static AttendanceEvent correction(String client, String session, String when, AttendanceStatus status,
                                             String recordedAt) {
        return AttendanceEvent.newBuilder(attendance(client, session, when, status)).setRecordedAt(at(recordedAt)).build();
    }

    public static EpisodeEvent admitted(String client, String when, String program, String clinic) {
        return EpisodeEvent.newBuilder(admitted(client, when, program)).setClinicId(clinic).build();
    }

    public static AttendanceEvent attended(String client, String session, String when) {
        return attendance(client, session, when, AttendanceStatus.ATTENDED);
    }

    public static AttendanceEvent noShow(String client, String session, String when) {
        return attendance(client, session, when, AttendanceStatus.NO_SHOW);
    }

    public static SurveyEvent survey(String client, Instrument instrument, String when, Integer... items) {
        String counselor = instrument == Instrument.CARE || instrument == Instrument.WAI_SR ? "counselor-1" : null;
        return survey(client, instrument, when, counselor, items);
    }

    /** A rating of {@code counselor}, every item answered {@code answer}. */
    public static SurveyEvent rating(String client, Instrument instrument, String when, String counselor, int answer) {
        Integer[] items = new Integer[instrument == Instrument.CARE ? 10 : 12];
        Arrays.fill(items, answer);
        return survey(client, instrument, when, counselor, items);
    }

    public static SurveyEvent survey(String client, Instrument instrument, String when, String counselor,
                                     Integer... items) {
        return SurveyEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(PROGRAM)
                .setClientId(client(client)).setInstrument(instrument).setItems(Arrays.asList(items))
                .setCounselorId(counselor).setOccurredAt(at(when)).setRecordedAt(null).build();
    }

    /** A form with every item set to the same answer. */
    public static SurveyEvent uniform(String client, Instrument instrument, String when, int count, int answer) {
        Integer[] items = new Integer[count];
        Arrays.fill(items, answer);
        return survey(client, instrument, when, items);
    }

    /** A BAM with the use items (4–6) answered {@code use}/0/0 and everything else 0. */
    public static SurveyEvent bamWithUse(String client, String when, int use) {
        Integer[] items = new Integer[17];
        Arrays.fill(items, 0);
        items[3] = use;
        return survey(client, Instrument.BAM, when, items);
    }

    public static SurveyEvent craving(String client, String when, int value) {
        return survey(client, Instrument.CRAVING, when, value);
    }

    public static SessionEvent session(String session, String counselor, String when) {
        return SessionEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(PROGRAM)
                .setSessionId(session).setSessionType(SessionType.INDIVIDUAL).setCounselorId(counselor)
                .setDurationMinutes(50).setModality(Modality.IN_PERSON).setOccurredAt(at(when)).setRecordedAt(null)
                .build();
    }

    /** {@code counselor} completed the 16-hour course {@code training} of {@code curriculum} at {@code when}. */
    public static TrainingEvent training(String counselor, String training, Curriculum curriculum, String when) {
        return TrainingEvent.newBuilder().setEventId(newEventId()).setClinicId(CLINIC).setProgramId(PROGRAM)
                .setCounselorId(counselor).setTrainingId(training).setCurriculum(curriculum).setHours(16)
                .setOccurredAt(at(when)).setRecordedAt(null).build();
    }

    public static List<Integer> items(Integer... values) {
        return Arrays.asList(values);
    }
}
