package org.rapport.streams.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.rapport.avro.Alert;
import org.rapport.streams.testing.RandomHistory;
import org.rapport.streams.testing.TopologyFixture;

/**
 * SPEC §5, the rule that makes the numbers trustworthy: every output table and the set of alerts in effect
 * depend only on the set of distinct events and the final stream time — a history fed shuffled, with
 * duplicates, ends exactly where the same history fed in order ends.
 */
class OrderIndependenceTest {

    @Property(tries = 40)
    void shuffledAndDuplicatedHistoryEndsInTheSameState(@ForAll long seed) {
        List<RandomHistory.Item> inOrder = RandomHistory.generate(seed);
        List<RandomHistory.Item> shuffled = shuffleWithDuplicates(inOrder, new Random(seed ^ 0x5DEECE66DL));

        Outcome expected = run(inOrder);
        Outcome actual = run(shuffled);

        assertThat(actual.statuses).isEqualTo(expected.statuses);
        assertThat(actual.weekly).isEqualTo(expected.weekly);
        assertThat(actual.cohorts).isEqualTo(expected.cohorts);
        assertThat(actual.alliance).isEqualTo(expected.alliance);
        assertThat(actual.counselors).isEqualTo(expected.counselors);
        assertThat(actual.alerts).isEqualTo(expected.alerts);
    }

    private static List<RandomHistory.Item> shuffleWithDuplicates(List<RandomHistory.Item> items, Random random) {
        List<RandomHistory.Item> out = new ArrayList<>(items);
        for (RandomHistory.Item item : items) {
            if (item.event() != null && random.nextInt(4) == 0) {
                out.add(item);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private record Outcome(Map<String, ?> statuses, Map<String, ?> weekly, Map<String, ?> cohorts,
                           Map<String, ?> alliance, Map<String, ?> counselors, Map<String, Alert> alerts) {
    }

    private static Outcome run(List<RandomHistory.Item> items) {
        try (TopologyFixture rapport = new TopologyFixture()) {
            for (RandomHistory.Item item : items) {
                if (item.event() == null) {
                    rapport.tick(item.at().toString());
                } else {
                    rapport.send(item.event());
                }
            }
            rapport.tick(RandomHistory.END.toString());
            Map<String, Alert> alerts = new TreeMap<>();
            rapport.effectiveAlerts().forEach(a -> alerts.put(a.getAlertId(), a));
            return new Outcome(new TreeMap<>(rapport.statuses()), new TreeMap<>(rapport.weekly()),
                    new TreeMap<>(rapport.cohorts()), new TreeMap<>(rapport.allianceOutcomes()),
                    new TreeMap<>(rapport.counselors()), alerts);
        }
    }
}
