package org.rapport.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.rapport.config.RapportConfig;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.programs.ProgramRegistry;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;
import org.rapport.validation.Ids;
import org.rapport.validation.FieldError;

/**
 * The one way an {@link IncomingEvent} becomes a Kafka record: check its shape (required fields,
 * known enums, instants, numbers, no unknown fields), check the program against the {@link ProgramRegistry}
 * (registered, and owned by the event's clinic), replace {@code client_ref} by the pseudonym, build the Avro value,
 * then apply the shared {@link EventValidator} (ranges, item counts, future times). Every problem is reported at
 * once, in the sender's terms when the event knows its {@link FieldSource}s.
 */
public final class EventConverter {

    static final Set<String> COMMON = Set.of("type", "event_id", "clinic_id", "program_id", "occurred_at",
            "recorded_at");
    static final Map<String, Set<String>> FIELDS_BY_TYPE = Map.of(
            "episode", Set.of("client_ref", "action", "level_of_care", "discharge_reason"),
            "session", Set.of("session_id", "session_type", "counselor_id", "duration_minutes", "modality"),
            "attendance", Set.of("session_id", "client_ref", "status"),
            "survey", Set.of("client_ref", "instrument", "items", "counselor_id"),
            "training", Set.of("counselor_id", "training_id", "curriculum", "hours"),
            "tick", Set.of());
    private static final String TYPES = "episode|session|attendance|survey|training|tick";

    private final Pseudonymizer pseudonymizer;
    private final EventValidator validator;
    private final Clock clock;
    private final Duration futureTolerance;
    private final ProgramRegistry programs;

    /** A converter that accepts any program id (no program registry). */
    public EventConverter(Pseudonymizer pseudonymizer, EventValidator validator, Clock clock,
                          Duration futureTolerance) {
        this(pseudonymizer, validator, clock, futureTolerance, ProgramRegistry.unrestricted());
    }

    /** @param programs the registry an event's program must be in, owned by the event's clinic */
    public EventConverter(Pseudonymizer pseudonymizer, EventValidator validator, Clock clock,
                          Duration futureTolerance, ProgramRegistry programs) {
        this.pseudonymizer = pseudonymizer;
        this.validator = validator;
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.programs = programs;
    }

    public static EventConverter fromConfig(RapportConfig config, Clock clock) {
        return new EventConverter(Pseudonymizer.fromConfig(config), EventValidator.fromConfig(config), clock,
                config.duration("ingest.future.tolerance"), ProgramRegistry.fromConfig(config));
    }

    public Pseudonymizer pseudonymizer() {
        return pseudonymizer;
    }

    /** The program registry events are checked against. */
    public ProgramRegistry programs() {
        return programs;
    }

    public Converted convert(IncomingEvent event) {
        FieldReader in = new FieldReader(event);
        String type = event.type();
        if (type == null) {
            in.error("type", "is required; one of " + TYPES);
            return Converted.failed(in.errors());
        }
        Set<String> own = FIELDS_BY_TYPE.get(type);
        if (own == null) {
            in.error("type", "unknown value '" + type + "'; expected one of " + TYPES);
            return Converted.failed(in.errors());
        }
        checkNoUnknownFields(event, type, own, in);
        if (type.equals("tick")) {
            return tick(in);
        }
        Outgoing.Event built = switch (type) {
            case "episode" -> episode(in);
            case "session" -> session(in);
            case "attendance" -> attendance(in);
            case "training" -> training(in);
            default -> survey(in);
        };
        List<FieldError> errors = new ArrayList<>(in.errors());
        Set<String> unreadable = unreadable(event, errors);
        if (!unreadable.contains("program_id")) {
            programs.refusal(event.get("clinic_id"), event.get("program_id"))
                    .ifPresent(refusal -> errors.add(new FieldError("program_id", refusal.problem())));
        }
        // The record holds placeholders where a field could not be read: its other fields are still judged, so
        // that one bad date does not hide the rest, but nothing is said twice about a field already reported.
        for (FieldError e : validator.validate(built.value(), clock.instant())) {
            String field = e.field();
            if (!unreadable.contains(field) && !(field.startsWith("items[") && unreadable.contains("items"))) {
                errors.add(e);
            }
        }
        return errors.isEmpty() ? Converted.ok(built) : Converted.failed(errors.stream().map(event::locate).toList());
    }

    /** Fields that hold a placeholder: those already reported, and what is computed from them. */
    private static Set<String> unreadable(IncomingEvent event, List<FieldError> errors) {
        Set<String> fields = new HashSet<>();
        errors.forEach(e -> fields.add(e.field()));
        if (fields.contains("client_ref") || fields.contains("clinic_id") || event.get("client_ref") == null) {
            fields.add("client_id");
        }
        if (fields.contains("instrument")) {
            fields.addAll(List.of("items", "counselor_id"));
        }
        if (fields.contains("action")) {
            fields.add("discharge_reason");
        }
        return fields;
    }

    private static void checkNoUnknownFields(IncomingEvent event, String type, Set<String> own, FieldReader in) {
        boolean tick = type.equals("tick");
        for (String field : event.fields().keySet()) {
            if (field.equals("client_id")) {
                in.error(field, "is computed by Rapport from client_ref and may not be sent");
            } else if (tick ? !field.equals("type") && !field.equals("occurred_at")
                    : !COMMON.contains(field) && !own.contains(field)) {
                in.error(field, "is not a field of a " + type + " event");
            }
        }
        if (event.items() != null && !own.contains("items")) {
            in.error("items", "is not a field of a " + type + " event");
        }
    }

    private Converted tick(FieldReader in) {
        Instant at = in.instant("occurred_at");
        if (at != null && at.isAfter(clock.instant().plus(futureTolerance))) {
            in.error("occurred_at", "is more than " + futureTolerance + " in the future");
        } else if (at != null) {
            validator.timeProblem("occurred_at", at, clock.instant()).ifPresent(e -> in.error(e.field(), e.problem()));
        }
        return in.errors().isEmpty() ? Converted.ok(new Outgoing.Tick(at)) : Converted.failed(in.errors());
    }

    private Outgoing.Event episode(FieldReader in) {
        String clinic = in.text("clinic_id");
        EpisodeEvent.Builder b = EpisodeEvent.newBuilder();
        b.setEventId(nz(in.text("event_id"))).setClinicId(nz(clinic)).setProgramId(nz(in.text("program_id")));
        String clientId = clientId(in, clinic);
        b.setClientId(nz(clientId));
        b.setAction(or(in.enumValue("action", EpisodeAction.class), EpisodeAction.ADMITTED));
        b.setLevelOfCare(or(in.enumValue("level_of_care", LevelOfCare.class), LevelOfCare.OUTPATIENT));
        b.setDischargeReason(in.optionalEnum("discharge_reason", DischargeReason.class));
        Instant at = times(in, b::setOccurredAt, b::setRecordedAt);
        return event(Topics.EPISODES, clientId, b.build(), clinic, at);
    }

    private Outgoing.Event session(FieldReader in) {
        String clinic = in.text("clinic_id");
        String sessionId = in.text("session_id");
        SessionEvent.Builder b = SessionEvent.newBuilder();
        b.setEventId(nz(in.text("event_id"))).setClinicId(nz(clinic)).setProgramId(nz(in.text("program_id")));
        b.setSessionId(nz(sessionId));
        b.setSessionType(or(in.enumValue("session_type", SessionType.class), SessionType.INDIVIDUAL));
        b.setCounselorId(nz(in.text("counselor_id")));
        Integer minutes = in.integer("duration_minutes");
        b.setDurationMinutes(minutes == null ? 0 : minutes);
        b.setModality(or(in.enumValue("modality", Modality.class), Modality.IN_PERSON));
        Instant at = times(in, b::setOccurredAt, b::setRecordedAt);
        return event(Topics.SESSIONS, sessionId, b.build(), clinic, at);
    }

    private Outgoing.Event attendance(FieldReader in) {
        String clinic = in.text("clinic_id");
        AttendanceEvent.Builder b = AttendanceEvent.newBuilder();
        b.setEventId(nz(in.text("event_id"))).setClinicId(nz(clinic)).setProgramId(nz(in.text("program_id")));
        b.setSessionId(nz(in.text("session_id")));
        String clientId = clientId(in, clinic);
        b.setClientId(nz(clientId));
        b.setStatus(or(in.enumValue("status", AttendanceStatus.class), AttendanceStatus.ATTENDED));
        Instant at = times(in, b::setOccurredAt, b::setRecordedAt);
        return event(Topics.ATTENDANCE, clientId, b.build(), clinic, at);
    }

    private Outgoing.Event survey(FieldReader in) {
        String clinic = in.text("clinic_id");
        SurveyEvent.Builder b = SurveyEvent.newBuilder();
        b.setEventId(nz(in.text("event_id"))).setClinicId(nz(clinic)).setProgramId(nz(in.text("program_id")));
        String clientId = clientId(in, clinic);
        b.setClientId(nz(clientId));
        b.setInstrument(or(in.enumValue("instrument", Instrument.class), Instrument.CRAVING));
        List<Integer> items = in.items();
        b.setItems(items == null ? List.of() : items);
        b.setCounselorId(in.optionalText("counselor_id"));
        Instant at = times(in, b::setOccurredAt, b::setRecordedAt);
        return event(Topics.SURVEYS, clientId, b.build(), clinic, at);
    }

    /**
     * A counselor's completed training: staff data, so no client_ref and nothing to pseudonymise; keyed by the
     * counselor (SPEC §3). The record is built even when a field is missing (placeholders), and never used then.
     */
    private Outgoing.Event training(FieldReader in) {
        String clinic = in.text("clinic_id");
        String counselor = in.text("counselor_id");
        TrainingEvent.Builder b = TrainingEvent.newBuilder();
        b.setEventId(nz(in.text("event_id"))).setClinicId(nz(clinic)).setProgramId(nz(in.text("program_id")));
        b.setCounselorId(nz(counselor)).setTrainingId(nz(in.text("training_id")));
        b.setCurriculum(or(in.enumValue("curriculum", Curriculum.class), Curriculum.OTHER));
        Double hours = in.number("hours");
        b.setHours(hours == null ? 0 : hours);
        Instant at = times(in, b::setOccurredAt, b::setRecordedAt);
        return event(Topics.TRAININGS, counselor, b.build(), clinic, at);
    }

    /**
     * The pseudonym, once {@code client_ref} is of its alphabet ({@link Ids#clientRefProblem}): a control or invisible
     * character would otherwise give one record number two pseudonyms. (A bad clinic id is the validator's to report.)
     */
    private String clientId(FieldReader in, String clinic) {
        String ref = in.text("client_ref");
        if (ref == null) {
            return null;
        }
        Optional<String> problem = Ids.clientRefProblem(ref);
        problem.ifPresent(p -> in.error("client_ref", p));
        return problem.isPresent() || clinic == null ? null : pseudonymizer.clientId(clinic, ref);
    }

    private static Instant times(FieldReader in, java.util.function.Consumer<Instant> occurred,
                                 java.util.function.Consumer<Instant> recorded) {
        Instant at = in.instant("occurred_at");
        occurred.accept(at == null ? Instant.EPOCH : at);
        recorded.accept(in.optionalInstant("recorded_at"));
        return at;
    }

    private static Outgoing.Event event(Topic<? extends SpecificRecord> topic, String key, SpecificRecord value,
                                        String clinic, Instant at) {
        return new Outgoing.Event(topic, key, value, clinic, at);
    }

    // The Avro builders refuse nulls in required fields; placeholders stand in while errors are collected,
    // and a record with errors is never used.
    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static <E> E or(E value, E placeholder) {
        return value == null ? placeholder : value;
    }
}
