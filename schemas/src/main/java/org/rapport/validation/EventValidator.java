package org.rapport.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.config.RapportConfig;
import org.rapport.scoring.InstrumentSpec;

/**
 * Validates input events (SPEC §2 and §4) and reports every problem as a {@link FieldError}; an empty list means valid.
 * The gateway, the importer and the topology all use it, so an event is judged the same wherever it enters.
 *
 * <p>Rules: every required field present and non-blank; {@code event_id} a UUID; {@code client_id} the 32 lower-case
 * hex characters of a pseudonym; {@code occurred_at} and {@code recorded_at} at most the future tolerance after the
 * wall clock; {@code discharge_reason} exactly when the action is DISCHARGED; {@code duration_minutes} 1–600; a
 * survey's item count and item scale as its instrument's, and a {@code counselor_id} for CARE and WAI_SR.
 * The checks are pure: the wall clock is a parameter.
 */
public final class EventValidator {

    /** Configuration key of the future tolerance (ISO-8601 duration). */
    public static final String FUTURE_TOLERANCE_KEY = "ingest.future.tolerance";
    private static final int MIN_DURATION_MINUTES = 1;
    private static final int MAX_DURATION_MINUTES = 600;

    private final Duration futureTolerance;
    private final String toleranceText;

    /** @param futureTolerance how far after the wall clock {@code occurred_at} / {@code recorded_at} may lie */
    public EventValidator(Duration futureTolerance) {
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("future tolerance must not be negative, got " + futureTolerance);
        }
        this.futureTolerance = futureTolerance;
        this.toleranceText = describe(futureTolerance);
    }

    /** A validator with the tolerance of {@value #FUTURE_TOLERANCE_KEY}. */
    public static EventValidator fromConfig(RapportConfig config) {
        return new EventValidator(config.duration(FUTURE_TOLERANCE_KEY));
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
        checks.text("session_id", e.getSessionId());
        checks.present("session_type", e.getSessionType());
        checks.text("counselor_id", e.getCounselorId());
        checks.between("duration_minutes", e.getDurationMinutes(), MIN_DURATION_MINUTES, MAX_DURATION_MINUTES);
        checks.present("modality", e.getModality());
        return checks.errors();
    }

    public List<FieldError> validate(AttendanceEvent e, Instant wallClockNow) {
        FieldChecks checks = common(e.getEventId(), e.getClinicId(), e.getProgramId(),
                e.getOccurredAt(), e.getRecordedAt(), wallClockNow);
        checks.text("session_id", e.getSessionId());
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
                checks.text("counselor_id", e.getCounselorId());
            }
        } else if (e.getCounselorId() != null) {
            checks.text("counselor_id", e.getCounselorId());
        }
        if (checks.present("items", e.getItems()) && instrument != null) {
            checkItems(checks, InstrumentSpec.of(instrument), e.getItems());
        }
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
        FieldChecks checks = new FieldChecks(futureTolerance, toleranceText);
        checks.uuid("event_id", eventId);
        checks.text("clinic_id", clinicId);
        checks.text("program_id", programId);
        checks.present("occurred_at", occurredAt);
        checks.notTooFarAhead("occurred_at", occurredAt, wallClockNow);
        checks.notTooFarAhead("recorded_at", recordedAt, wallClockNow);
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
