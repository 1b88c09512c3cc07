package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.Engagement;
import org.rapport.avro.RiskState;

/**
 * Which alerts the director's list shows: "now" is 2026-03-31T12:00Z and "recent" 14 days, so anything after
 * 2026-03-17T12:00Z is recent.
 */
class AlertsInEffectTest {

    private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    private final AlertsInEffect rule = new AlertsInEffect(Duration.ofDays(14));

    @Test
    void theLatestAtRiskIsInEffectWhileTheStatusSaysAtRisk() {
        Alert first = alert("a1", AlertKind.AT_RISK, "2026-02-10T10:00:00Z");
        Alert reEngaged = alert("a2", AlertKind.RE_ENGAGED, "2026-02-12T10:00:00Z");
        Alert second = alert("a3", AlertKind.AT_RISK, "2026-03-01T10:00:00Z");
        List<Alert> alerts = List.of(first, reEngaged, second);

        // Old (not recent) but unresolved: still needs attention. The earlier one was resolved by RE_ENGAGED.
        assertThat(rule.of(alerts, status(true, RiskState.AT_RISK), NOW)).containsExactly(second);
        // The client attended again (risk NONE): nothing is in effect, RE_ENGAGED itself never is.
        assertThat(rule.of(alerts, status(true, RiskState.NONE), NOW)).isEmpty();
        // Discharged (completed): an at-risk alert of a closed episode is not in effect.
        assertThat(rule.of(alerts, status(false, RiskState.NONE), NOW)).isEmpty();
    }

    @Test
    void aDropoutStaysInEffectWhileTheEpisodeIsOpenAndForTheRecentWindowAfterItClosed() {
        Alert atRisk = alert("b1", AlertKind.AT_RISK, "2026-01-20T10:00:00Z");
        Alert dropout = alert("b2", AlertKind.DROPOUT, "2026-02-05T10:00:00Z");
        List<Alert> alerts = List.of(atRisk, dropout);

        // Episode still open, nobody re-engaged the client: the dropout is in effect however old; AT_RISK is not
        // (the status has moved on to DROPPED_OUT).
        assertThat(rule.of(alerts, status(true, RiskState.DROPPED_OUT), NOW)).containsExactly(dropout);
        // Discharged as dropped out: in effect only while recent.
        assertThat(rule.of(alerts, status(false, RiskState.DROPPED_OUT), NOW)).isEmpty();
        Alert recentDropout = alert("b3", AlertKind.DROPOUT, "2026-03-20T10:00:00Z");
        assertThat(rule.of(List.of(recentDropout), status(false, RiskState.DROPPED_OUT), NOW))
                .containsExactly(recentDropout);
    }

    @Test
    void safetyReturnToUseAndCravingAlertsAreInEffectWhileRecent() {
        Alert oldSafety = alert("c1", AlertKind.SAFETY, "2026-03-17T12:00:00Z");     // exactly 14 days: not recent
        Alert safety = alert("c2", AlertKind.SAFETY, "2026-03-17T12:00:01Z");
        Alert use = alert("c3", AlertKind.RETURN_TO_USE, "2026-03-30T09:00:00Z");
        Alert craving = alert("c4", AlertKind.CRAVING_SPIKE, "2026-03-25T09:00:00Z");
        Alert oldCraving = alert("c5", AlertKind.CRAVING_SPIKE, "2026-03-02T09:00:00Z");

        // Whatever the status, even with no status known.
        assertThat(rule.of(List.of(oldSafety, safety, use, craving, oldCraving), status(false, RiskState.NONE), NOW))
                .containsExactly(safety, use, craving);
        assertThat(rule.of(List.of(oldSafety, safety), null, NOW)).containsExactly(safety);
    }

    private static Alert alert(String id, AlertKind kind, String at) {
        return Alert.newBuilder().setAlertId(id).setClientId("c").setClinicId("clinic-a").setProgramId("prog-1")
                .setKind(kind).setAt(Instant.parse(at)).setDetail("").setRetracts(null).build();
    }

    private static ClientStatus status(boolean open, RiskState risk) {
        return ClientStatus.newBuilder().setClientId("c").setClinicId("clinic-a").setProgramId("prog-1")
                .setEpisodeOpen(open).setEpisodeStart(Instant.parse("2026-01-05T10:00:00Z")).setAttended28d(0)
                .setMissed28d(0).setAttendanceRate28d(null).setConsecutiveMissed(0).setLastAttendedAt(null)
                .setEngagement(Engagement.NONE).setCareLatest(null).setCareEpisodeMean(null).setWaiLatest(null)
                .setWaiEpisodeMean(null).setScsLatest(null).setBamUse(null).setBamRisk(null).setBamProtective(null)
                .setCravingLatest(null).setRisk(risk).setAsOf(NOW).build();
    }
}
