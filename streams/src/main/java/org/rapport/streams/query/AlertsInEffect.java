package org.rapport.streams.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.RiskState;

/**
 * Which of a client's effective alerts are still <em>in effect</em> — the director's list of what needs attention
 * now, as opposed to the history of every alert that fired (docs/indicators.md, "Alerts in effect"):
 * <ul>
 *   <li>{@code AT_RISK}: the client's latest one, while the client's status says {@code AT_RISK} (an open episode with
 *       no {@code RE_ENGAGED} since; SPEC §5.2);</li>
 *   <li>{@code DROPOUT}: the client's latest one, while the status says {@code DROPPED_OUT} and either the episode
 *       is still open (nobody has discharged or re-engaged the client) or the dropout is recent;</li>
 *   <li>{@code SAFETY}, {@code RETURN_TO_USE}, {@code CRAVING_SPIKE}: every one that is recent;</li>
 *   <li>{@code RE_ENGAGED} (good news that ends an alert) and {@code RETRACTED}: never.</li>
 * </ul>
 * "Recent" means {@code at} within {@code recent} before {@code now} (the wall clock: what needs attention today).
 */
public final class AlertsInEffect {

    private final Duration recent;

    public AlertsInEffect(Duration recent) {
        if (recent.isNegative() || recent.isZero()) {
            throw new IllegalArgumentException("the recent window of alerts in effect must be positive, not " + recent);
        }
        this.recent = recent;
    }

    public Duration recent() {
        return recent;
    }

    /**
     * The alerts of one client that are in effect at {@code now}.
     *
     * @param alerts the client's effective (not retracted) alerts
     * @param status the client's status, or null when none is known (then only the recent kinds can be in effect)
     */
    public List<Alert> of(Collection<Alert> alerts, ClientStatus status, Instant now) {
        Instant since = now.minus(recent);
        Map<AlertKind, Alert> latest = new HashMap<>();
        Comparator<Alert> order = Comparator.comparing(Alert::getAt).thenComparing(Alert::getAlertId);
        for (Alert a : alerts) {
            latest.merge(a.getKind(), a, (x, y) -> order.compare(x, y) >= 0 ? x : y);
        }
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts) {
            boolean isRecent = a.getAt().isAfter(since);
            boolean inEffect = switch (a.getKind()) {
                case AT_RISK -> a == latest.get(AlertKind.AT_RISK) && status != null && status.getEpisodeOpen()
                        && status.getRisk() == RiskState.AT_RISK;
                case DROPOUT -> a == latest.get(AlertKind.DROPOUT) && status != null
                        && status.getRisk() == RiskState.DROPPED_OUT && (status.getEpisodeOpen() || isRecent);
                case SAFETY, RETURN_TO_USE, CRAVING_SPIKE -> isRecent;
                case RE_ENGAGED, RETRACTED -> false;
            };
            if (inEffect) {
                out.add(a);
            }
        }
        return out;
    }
}
