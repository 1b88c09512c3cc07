package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.code;
import static org.rapport.ingest.fhir.FhirResources.extension;
import static org.rapport.ingest.fhir.FhirResources.instant;
import static org.rapport.ingest.fhir.FhirResources.referenceKey;
import static org.rapport.ingest.fhir.FhirResources.referenceType;
import static org.rapport.ingest.fhir.FhirResources.text;
import static org.rapport.ingest.fhir.ResourceMapping.firstNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/** Encounter → session (+ attendance), Appointment → attendance (SPEC §2). */
final class EncounterMapping {

    private static final Set<String> VOID = Set.of("cancelled", "entered-in-error");
    private static final String COUNSELOR_HINT = "add a participant whose individual references the counselor's "
            + "Practitioner";

    private EncounterMapping() {
    }

    /**
     * A session, unless the encounter is part of a group encounter (then the group's encounter is the
     * session and this one only carries the patient's attendance), plus an attendance when it names a
     * patient and is finished.
     */
    static void encounter(ResourceMapping m) {
        JsonNode r = m.resource;
        String status = text(r, "status");
        if (status != null && VOID.contains(status)) {
            m.skip("Encounter is " + status);
            return;
        }
        String start = instant(text(r.path("period"), "start"));
        boolean partOfGroup = r.has("partOf");
        String sessionId = firstNonNull(extension(r, FhirCodes.SESSION_ID),
                partOfGroup ? referenceKey(r.path("partOf")) : null,
                r.has("appointment") ? referenceKey(r.path("appointment").path(0)) : null, m.id());
        if (!partOfGroup) {
            m.add(m.event("session", "session").set("session_id", sessionId).set("occurred_at", start)
                    .set("session_type", firstNonNull(code(r.path("type"), FhirCodes.SESSION_TYPE_SYSTEM),
                            extension(r, FhirCodes.SESSION_TYPE), "INDIVIDUAL"))
                    .set("counselor_id", counselor(m))
                    .set("duration_minutes", minutes(r, m))
                    .set("modality", "VR".equals(text(r.path("class"), "code")) ? "TELEHEALTH" : "IN_PERSON")
                    .source("session_id", m.path("id"), null)
                    .source("occurred_at", m.path("period.start"), "add the session's start")
                    .source("session_type", m.path("type"), null)
                    .source("counselor_id", m.path("participant"), COUNSELOR_HINT)
                    .source("duration_minutes", m.path("length"), "add length in minutes, or period.end"));
        }
        String clientRef = r.has("subject") ? m.clientRef(r.path("subject"), "subject") : null;
        String attendance = firstNonNull(extension(r, FhirCodes.ATTENDANCE_STATUS),
                "finished".equals(status) ? "ATTENDED" : null);
        if (clientRef != null && attendance != null) {
            m.add(m.event("attendance", "attendance").set("session_id", sessionId).set("client_ref", clientRef)
                    .set("status", attendance).set("occurred_at", start)
                    .source("session_id", m.path(partOfGroup ? "partOf" : "id"), null)
                    .source("status", m.path("extension:attendance-status"), null)
                    .source("occurred_at", m.path("period.start"), "add the session's start"));
        } else if (partOfGroup && m.problems.isEmpty()) {
            m.skip("Encounter is part of a group and has no finished attendance yet");
        }
    }

    /** An attendance per patient of a fulfilled, no-show or cancelled appointment. */
    static void appointment(ResourceMapping m) {
        JsonNode r = m.resource;
        String status = text(r, "status");
        String byStatus = switch (status == null ? "" : status) {
            case "fulfilled" -> "ATTENDED";
            case "noshow" -> "NO_SHOW";
            case "cancelled" -> cancelledBy(r);
            default -> null;
        };
        String attendance = firstNonNull(extension(r, FhirCodes.ATTENDANCE_STATUS), byStatus);
        if (attendance == null) {
            m.skip("Appointment is " + status + ": no attendance yet");
            return;
        }
        String sessionId = firstNonNull(extension(r, FhirCodes.SESSION_ID), m.id());
        int patients = 0;
        JsonNode participants = r.path("participant");
        for (int i = 0; i < participants.size(); i++) {
            String field = "participant[" + i + "].actor";
            String clientRef = m.clientRef(participants.get(i).path("actor"), field);
            if (clientRef != null) {
                patients++;
                m.add(m.event("attendance", "attendance:" + clientRef).set("session_id", sessionId)
                        .set("client_ref", clientRef).set("status", attendance)
                        .set("occurred_at", instant(text(r, "start")))
                        .source("session_id", m.path("id"), null)
                        .source("status", m.path("status"), null)
                        .source("occurred_at", m.path("start"), "add the appointment's start"));
            }
        }
        if (patients == 0 && m.problems.isEmpty()) {
            m.problem("participant", "names no Patient: add a participant whose actor references the Patient");
        }
    }

    /** R4 cancelation reasons starting with "pat" are the patient's; anything else counts as the program's. */
    private static String cancelledBy(JsonNode appointment) {
        for (JsonNode coding : appointment.path("cancelationReason").path("coding")) {
            String code = text(coding, "code");
            if (code != null && code.toLowerCase(Locale.ROOT).startsWith("pat")) {
                return "CANCELLED_BY_CLIENT";
            }
        }
        return "CANCELLED_BY_PROGRAM";
    }

    /** The first participant that is a Practitioner (or PractitionerRole, or untyped): its reference. */
    static JsonNode counselorReference(JsonNode encounter) {
        for (JsonNode participant : encounter.path("participant")) {
            JsonNode individual = participant.path("individual");
            String type = referenceType(individual);
            if ((type == null || type.equals("Practitioner") || type.equals("PractitionerRole"))
                    && referenceKey(individual) != null) {
                return individual;
            }
        }
        return null;
    }

    private static String counselor(ResourceMapping m) {
        JsonNode reference = counselorReference(m.resource);
        return reference == null ? null : m.index.counselor(reference);
    }

    private static String minutes(JsonNode encounter, ResourceMapping m) {
        JsonNode length = encounter.path("length");
        if (length.path("value").isNumber()) {
            double value = length.path("value").asDouble();
            String unit = firstNonNull(text(length, "code"), text(length, "unit"), "min");
            return Long.toString(Math.round(unit.startsWith("h") ? value * 60 : value));
        }
        String start = text(encounter.path("period"), "start");
        String end = text(encounter.path("period"), "end");
        if (start == null || end == null) {
            return null;
        }
        try {
            return Long.toString(Duration.between(OffsetDateTime.parse(start), OffsetDateTime.parse(end)).toMinutes());
        } catch (DateTimeParseException e) {
            m.problem("period", "start and end must be dateTimes with a time zone to give the duration; or add length");
            return null;
        }
    }
}
