package org.rapport.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionType;

/**
 * Typed factories for the events of SPEC §2, for Java code that sends to Rapport directly: the
 * compiler checks the enums, a fresh UUID is the event_id, and {@link RapportClient#submit} still
 * validates everything else (ranges, item counts, times). Add {@code recorded_at} with
 * {@link IncomingEvent.Builder#set(String, Object)} when needed.
 */
public final class Events {

    private Events() {
    }

    public static IncomingEvent.Builder admitted(String clinicId, String programId, String clientRef,
                                                 LevelOfCare level, Instant at) {
        return common("episode", clinicId, programId, at).set("client_ref", clientRef)
                .set("action", "ADMITTED").set("level_of_care", level);
    }

    public static IncomingEvent.Builder discharged(String clinicId, String programId, String clientRef,
                                                   LevelOfCare level, DischargeReason reason, Instant at) {
        return common("episode", clinicId, programId, at).set("client_ref", clientRef)
                .set("action", "DISCHARGED").set("level_of_care", level).set("discharge_reason", reason);
    }

    /** A session; {@code at} is its scheduled start. */
    public static IncomingEvent.Builder session(String clinicId, String programId, String sessionId, SessionType type,
                                                String counselorId, int durationMinutes, Modality modality,
                                                Instant at) {
        return common("session", clinicId, programId, at).set("session_id", sessionId).set("session_type", type)
                .set("counselor_id", counselorId).set("duration_minutes", durationMinutes).set("modality", modality);
    }

    /** A client's attendance; {@code at} is the session's start. */
    public static IncomingEvent.Builder attendance(String clinicId, String programId, String sessionId,
                                                   String clientRef, AttendanceStatus status, Instant at) {
        return common("attendance", clinicId, programId, at).set("session_id", sessionId)
                .set("client_ref", clientRef).set("status", status);
    }

    /**
     * A questionnaire; {@code items} in order, null for a missing answer; {@code ratedCounselorId} is
     * required for CARE and WAI_SR, else null.
     */
    public static IncomingEvent.Builder survey(String clinicId, String programId, String clientRef,
                                               Instrument instrument, List<Integer> items, String ratedCounselorId,
                                               Instant at) {
        return common("survey", clinicId, programId, at).set("client_ref", clientRef).set("instrument", instrument)
                .items(items).set("counselor_id", ratedCounselorId);
    }

    /**
     * A counselor completed a training; {@code at} is the completion. No client in it: it is keyed by the counselor.
     *
     * @param hours the training's length, a whole number of half hours from 0.5 to 200
     */
    public static IncomingEvent.Builder training(String clinicId, String programId, String counselorId,
                                                 String trainingId, Curriculum curriculum, double hours, Instant at) {
        return common("training", clinicId, programId, at).set("counselor_id", counselorId)
                .set("training_id", trainingId).set("curriculum", curriculum).set("hours", hours);
    }

    /** A clock tick (operators and admin tokens only). */
    public static IncomingEvent tick(Instant at) {
        return IncomingEvent.builder("tick").set("occurred_at", at).build();
    }

    private static IncomingEvent.Builder common(String type, String clinicId, String programId, Instant at) {
        return IncomingEvent.builder(type).set("event_id", UUID.randomUUID()).set("clinic_id", clinicId)
                .set("program_id", programId).set("occurred_at", at);
    }
}
