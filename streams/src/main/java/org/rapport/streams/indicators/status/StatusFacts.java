package org.rapport.streams.indicators.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rapport.avro.Alert;
import org.rapport.avro.internal.ClientHead;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * What a client status is computed from: all of it small, read by the client stage from its stores by key or by a
 * short range (the 28-day window, the run of missed sessions at the end), never the whole history.
 *
 * @param head              the client's running summary (latest event, latest scored survey per instrument)
 * @param lastEpisode       the current episode, else the last one
 * @param lastEpisodeAlerts that episode's alerts in effect, in event-time order
 * @param careEpisodeMean   that episode's mean CARE score, null without a scored CARE
 * @param waiEpisodeMean    the same for WAI-SR
 * @param window            the attended and missed sessions with occurred_at in (asOf − window, asOf]
 * @param consecutiveMissed missed sessions after the last attended one (all of them when none was attended)
 * @param lastAttendedAt    the last attended session, if any
 */
public record StatusFacts(String clientId, ClientHead head, Optional<Episode> lastEpisode,
                          List<Alert> lastEpisodeAlerts, Double careEpisodeMean, Double waiEpisodeMean,
                          List<SessionOutcome> window, int consecutiveMissed, Instant lastAttendedAt) {
}
