package org.rapport.streams.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.avro.Alert;

/**
 * Where a history ends: the final state of every output table and the alerts in effect, by key. Two runs are
 * equivalent under SPEC §5's rule exactly when their {@code FinalTables} are equal.
 */
public record FinalTables(Map<String, ?> statuses, Map<String, ?> weekly, Map<String, ?> cohorts,
                          Map<String, ?> alliance, Map<String, ?> counselors, Map<String, ?> trainings,
                          Map<String, Alert> alerts) {

    /** Asserts table by table (for readable diffs) that this run ended where {@code expected} did. */
    public void assertSameAs(FinalTables expected) {
        org.assertj.core.api.Assertions.assertThat(statuses).as("client status").isEqualTo(expected.statuses);
        org.assertj.core.api.Assertions.assertThat(weekly).as("program weekly").isEqualTo(expected.weekly);
        org.assertj.core.api.Assertions.assertThat(cohorts).as("cohorts").isEqualTo(expected.cohorts);
        org.assertj.core.api.Assertions.assertThat(alliance).as("alliance outcomes").isEqualTo(expected.alliance);
        org.assertj.core.api.Assertions.assertThat(counselors).as("counselor alliance").isEqualTo(expected.counselors);
        org.assertj.core.api.Assertions.assertThat(trainings).as("training effects").isEqualTo(expected.trainings);
        org.assertj.core.api.Assertions.assertThat(alerts).as("alerts in effect").isEqualTo(expected.alerts);
    }

    public int size() {
        return statuses.size() + weekly.size() + cohorts.size() + alliance.size() + counselors.size() + trainings.size()
                + alerts.size();
    }

    /** Feeds the items to a fresh TopologyTestDriver in the given order, then the final tick, and reads the tables. */
    public static FinalTables replay(List<RandomHistory.Item> items) {
        try (TopologyFixture rapport = new TopologyFixture()) {
            for (RandomHistory.Item item : items) {
                if (item.event() == null) {
                    rapport.tick(item.at().toString());
                } else {
                    rapport.send(item.event());
                }
            }
            rapport.tick(RandomHistory.END.toString());
            return of(rapport);
        }
    }

    public static FinalTables of(TopologyFixture rapport) {
        Map<String, Alert> alerts = new TreeMap<>();
        rapport.effectiveAlerts().forEach(a -> alerts.put(a.getAlertId(), a));
        return new FinalTables(new TreeMap<>(rapport.statuses()), new TreeMap<>(rapport.weekly()),
                new TreeMap<>(rapport.cohorts()), new TreeMap<>(rapport.allianceOutcomes()),
                new TreeMap<>(rapport.counselors()), new TreeMap<>(rapport.trainingEffects()), alerts);
    }
}
