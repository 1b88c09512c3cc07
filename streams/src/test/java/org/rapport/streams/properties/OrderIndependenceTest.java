package org.rapport.streams.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.rapport.streams.testing.FinalTables;
import org.rapport.streams.testing.RandomHistory;

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

        FinalTables expected = FinalTables.replay(inOrder);
        FinalTables actual = FinalTables.replay(shuffled);

        // Two empty results would be "equal": every random history has clients (a status each) and program weeks.
        // (Not every one has an episode with a scored rating or a session, so other tables may be empty.)
        assertThat(expected.statuses()).as("client status").isNotEmpty();
        assertThat(expected.weekly()).as("program weekly").isNotEmpty();
        actual.assertSameAs(expected);
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
}
