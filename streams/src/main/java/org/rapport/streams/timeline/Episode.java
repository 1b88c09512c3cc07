package org.rapport.streams.timeline;

import java.time.Instant;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeEvent;

/**
 * One episode of care: opened by an effective ADMITTED, closed by the effective DISCHARGED that follows (if any).
 *
 * @param key       {@code client_id|admission epoch millis}; stable for the life of the episode
 * @param admission the ADMITTED event (its program and clinic are the episode's)
 * @param discharge the DISCHARGED event, or null while open
 */
public record Episode(String key, EpisodeEvent admission, EpisodeEvent discharge) {

    public Instant admittedAt() {
        return admission.getOccurredAt();
    }

    public Instant dischargedAt() {
        return discharge == null ? null : discharge.getOccurredAt();
    }

    public DischargeReason dischargeReason() {
        return discharge == null ? null : discharge.getDischargeReason();
    }

    public boolean isOpen() {
        return discharge == null;
    }

    public String programId() {
        return admission.getProgramId();
    }

    public String clinicId() {
        return admission.getClinicId();
    }

    /** True when an event at {@code t} belongs to this episode: admission ≤ t ≤ discharge. */
    public boolean covers(Instant t) {
        return !t.isBefore(admittedAt()) && (discharge == null || !t.isAfter(dischargedAt()));
    }

    /** True when the episode is open at {@code t}, i.e. admitted at or before and not discharged at or before it. */
    public boolean openAt(Instant t) {
        return !t.isBefore(admittedAt()) && (discharge == null || t.isBefore(dischargedAt()));
    }
}
