package org.rapport.validation;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.config.RapportConfig;
import org.rapport.scoring.InstrumentSpec;

/**
 * Validates input events (SPEC §2 and §4) and reports every problem as a {@link FieldError}; an empty list means valid.
 * The gateway, the importer and the topology all use it, so an event is judged the same wherever it enters.
 *
 * <p>Rules: every required field present and non-blank; {@code event_id} a UUID; {@code client_id} the 32 lower-case
 * hex characters of a pseudonym; {@code clinic_id}, {@code program_id}, {@code session_id}, {@code counselor_id} of
 * the id alphabet ({@link Ids}); {@code occurred_at} and {@code recorded_at} not before the earliest instant
 * ({@value #EARLIEST_KEY}, at the soonest 1970-01-01T00:00:00Z) and at most the future tolerance after the wall clock; {@code discharge_reason} exactly when the action is DISCHARGED; {@code duration_minutes} 1–600; a
 * survey's item count and item scale as its instrument's, and a {@code counselor_id} for CARE and WAI_SR; a
 * training's {@code training_id} of the id alphabet, its {@code curriculum}, and {@code hours} a whole number of half
 * hours from 0.5 to 200.
 * The checks are pure: the wall clock is a parameter.
 */
public final class EventValidator {

    /** Configuration key of the future tolerance (ISO-8601 duration). */
    public static final String FUTURE_TOLERANCE_KEY = "ingest.future.tolerance";
    /** Configuration key of the earliest instant an event may carry (ISO-8601). */
    public static final String EARLIEST_KEY = "ingest.earliest.instant";
    private static final int MIN_DURATION_MINUTES = 1;
    private static final int MAX_DURATION_MINUTES = 600;
    /** SPEC §2: a training lasts 0.5–200 hours, counted in half hours (the smallest unit the range names). */
    private static final double MIN_TRAINING_HOURS = 0.5;
    private static final double MAX_TRAINING_HOURS = 200;

    private final Duration futureTolerance;
    private final String toleranceText;
    private final Instant earliest;

    /** A validator whose earliest instant is the Unix epoch. */
    public EventValidator(Duration futureTolerance) {
        this(futureTolerance, Instant.EPOCH);
    }

    /**
     * @param futureTolerance how far after the wall clock {@code occurred_at} / {@code recorded_at} may lie
     * @param earliest        the earliest instant they may be; not before the epoch, since the producers stamp each
     *                        record with its {@code occurred_at} and a Kafka timestamp cannot be negative
     */
    public EventValidator(Duration futureTolerance, Instant earliest) {
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        Objects.requireNonNull(earliest, "earliest");
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("future tolerance must not be negative, got " + futureTolerance);
        }
        if (earliest.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException(EARLIEST_KEY + " must not be before 1970-01-01T00:00:00Z (Kafka "
                    + "timestamps cannot be negative), got " + earliest);
        }
        this.futureTolerance = futureTolerance;
        this.toleranceText = describe(futureTolerance);
        this.earliest = earliest;
    }

    /** A validator with the tolerance of {@value #FUTURE_TOLERANCE_KEY} and the earliest instant of {@value #EARLIEST_KEY}. */
    public static EventValidator fromConfig(RapportConfig config) {
        return new EventValidator(config.duration(FUTURE_TOLERANCE_KEY), earliest(config));
    }

    /** The earliest instant of {@value #EARLIEST_KEY}. */
    public static Instant earliest(RapportConfig config) {
        String text = config.string(EARLIEST_KEY).trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(EARLIEST_KEY + " must be an ISO-8601 instant such as "
                    + "1970-01-01T00:00:00Z, got '" + text + "'", e);
        }
    }

    /** The earliest instant an event may carry. */
    public Instant earliest() {
        return earliest;
    }

    /** The problem with an instant field (too early or too far ahead), for checks outside the Avro records (ticks). */
    public Optional<FieldError> timeProblem(String field, Instant value, Instant wallClockNow) {
        FieldChecks checks = new FieldChecks(futureTolerance, toleranceText, earliest);
        checks.inTimeRange(field, value, wallClockNow);
        return checks.errors().stream().findFirst();
    }

    /** Validates any input event; throws {@link IllegalArgumentException} for a record that is not an input event. */
    public List<FieldError> validate(SpecificRecord event, Instant wallClockNow) {
        Objects.requireNonNull(event, "event");
        if (event instanceof EpisodeEvent episode) {
            return validate(episode, wallClockNow);
        } else if (event instanceof SessionEvent session) {
            return validate(session, wallClockNow);
        } else if (event instanceof AttendanceEvent attendance) {
            return validate(attendance, wallClockNow);
        } else if (event instanceof SurveyEvent survey) {
            return validate(survey, wallClockNow);
        } else if (event instanceof TrainingEvent training) {
            return validate(training, wallClockNow);
        }
        throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
    }

    public List<FieldError> validate(EpisodeEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.pseudonym("client_id", e.getClientId());
        checks.present("action", e.getAction());
        checks.present("level_of_care", e.getLevelOfCare());
        if (e.getAction() == EpisodeAction.DISCHARGED && e.getDischargeReason() == null) {
            checks.fail("discharge_reason", "is required when action is DISCHARGED");
        } else if (e.getAction() == EpisodeAction.ADMITTED && e.getDischargeReason() != null) {
            checks.fail("discharge_reason", "is only allowed when action is DISCHARGED");
        }
        return checks.errors();
    }

    public List<FieldError> validate(SessionEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.id("session_id", e.getSessionId());
        checks.present("session_type", e.getSessionType());
        checks.id("counselor_id", e.getCounselorId());
        checks.between("duration_minutes", e.getDurationMinutes(), MIN_DURATION_MINUTES, MAX_DURATION_MINUTES);
        checks.present("modality", e.getModality());
        return checks.errors();
    }

    public List<FieldError> validate(AttendanceEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.id("session_id", e.getSessionId());
        checks.pseudonym("client_id", e.getClientId());
        checks.present("status", e.getStatus());
        return checks.errors();
    }

    public List<FieldError> validate(SurveyEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.pseudonym("client_id", e.getClientId());
        Instrument instrument = e.getInstrument();
        checks.present("instrument", instrument);
        if (instrument == Instrument.CARE || instrument == Instrument.WAI_SR) {
            if (e.getCounselorId() == null) {
                checks.fail("counselor_id", "is required for " + instrument);
            } else {
                checks.id("counselor_id", e.getCounselorId());
            }
        } else if (e.getCounselorId() != null) {
            checks.id("counselor_id", e.getCounselorId());
        }
        if (checks.present("items", e.getItems()) && instrument != null) {
            checkItems(checks, InstrumentSpec.of(instrument), e.getItems());
        }
        return checks.errors();
    }

    public List<FieldError> validate(TrainingEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.id("counselor_id", e.getCounselorId());
        checks.id("training_id", e.getTrainingId());
        checks.present("curriculum", e.getCurriculum());
        checks.halfHours("hours", e.getHours(), MIN_TRAINING_HOURS, MAX_TRAINING_HOURS);
        return checks.errors();
    }

    /** Item count first, then every answered item against the scale (also when the count is wrong: report all). */
    private static void checkItems(FieldChecks checks, InstrumentSpec spec, List<Integer> items) {
        if (items.size() != spec.itemCount()) {
            checks.fail("items", spec.instrument() + " needs " + spec.itemCountText() + ", got " + items.size());
        }
        for (int index = 0; index < items.size(); index++) {
            Integer answer = items.get(index);
            if (answer != null && !spec.inRange(answer)) {
                checks.fail("items[" + index + "]", "must be between " + spec.min() + " and " + spec.max()
                        + ", got " + answer + " (item " + (index + 1) + ")");
            }
        }
    }

    private FieldChecks common(String eventId, String clinicId, String programId,
                               Instant occurredAt, Instant recordedAt, Instant wallClockNow) {
        Objects.requireNonNull(wallClockNow, "wallClockNow");
        FieldChecks checks = new FieldChecks(futureTolerance, toleranceText, earliest);
        checks.uuid("event_id", eventId);
        checks.clinicId("clinic_id", clinicId);
        checks.id("program_id", programId);
        checks.present("occurred_at", occurredAt);
        checks.inTimeRange("occurred_at", occurredAt, wallClockNow);
        checks.inTimeRange("recorded_at", recordedAt, wallClockNow);
        return checks;
    }

    /** "1 day", "12 hours", "90 minutes": the tolerance as the error message says it. */
    static String describe(Duration d) {
        if (d.isZero()) {
            return "0 seconds";
        }
        if (d.toNanosPart() == 0) {
            if (d.toSecondsPart() != 0) {
                return plural(d.getSeconds(), "second");
            } else if (d.toMinutesPart() != 0) {
                return plural(d.toMinutes(), "minute");
            } else if (d.toHoursPart() != 0) {
                return plural(d.toHours(), "hour");
            }
            return plural(d.toDays(), "day");
        }
        return d.toString();
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
