package org.rapport.streams.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.at;
import static org.rapport.streams.testing.Events.attended;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.rapport.avro.ClientStatus;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.testing.TopologyFixture;

/**
 * SPEC §5.2's recomputation at a UTC midnight, visited a few clients per wall-clock step: five clients, two per step
 * (and none per record, except where said). Each step moves the next clients' as_of to the midnight, and the finished
 * pass leaves the same statuses as a pass done at once (a fixture with the default settings, settled at once).
 */
class MidnightPassTest {

    private static final Duration STEP = Duration.ofMillis(100);
    private static final Map<String, Object> TWO_PER_STEP = Map.of("rapport." + MidnightPassSettings.CLIENTS_PER_STEP, 2,
            "rapport." + MidnightPassSettings.CLIENTS_PER_RECORD, 0);

    /** Five admissions on Jan 5; ann also attended a session (her window is not empty: she is derived in full). */
    private static final List<SpecificRecord> HISTORY = List.of(
            admitted("ann", "2026-01-05T09:00:00Z"), attended("ann", "s1", "2026-01-05T10:00:00Z"),
            admitted("bob", "2026-01-05T09:01:00Z"), admitted("cy", "2026-01-05T09:02:00Z"),
            admitted("dee", "2026-01-05T09:03:00Z"), admitted("eve", "2026-01-05T09:04:00Z"));

    @Test
    void aPassVisitsTwoClientsPerStepAndEndsWhereAPassAtOnceWould() {
        try (TopologyFixture stepped = new TopologyFixture(Rules.defaults(), TWO_PER_STEP);
             TopologyFixture atOnce = new TopologyFixture()) {
            stepped.send(HISTORY).tick("2026-01-06T00:00:01Z");
            atOnce.send(HISTORY).tick("2026-01-06T00:00:01Z");
            KeyValueStore<String, Long> clock = stepped.driver().getKeyValueStore(ClientStores.CLOCK);

            // Crossing the midnight starts the pass; no client is visited by the record itself.
            assertThat(MidnightPass.inProgress(clock)).isTrue();
            assertThat(movedTo(stepped, "2026-01-06T00:00:00Z")).isZero();
            stepped.driver().advanceWallClockTime(STEP);
            assertThat(movedTo(stepped, "2026-01-06T00:00:00Z")).isEqualTo(2);
            stepped.driver().advanceWallClockTime(STEP);
            assertThat(movedTo(stepped, "2026-01-06T00:00:00Z")).isEqualTo(4);
            stepped.driver().advanceWallClockTime(STEP);
            assertThat(movedTo(stepped, "2026-01-06T00:00:00Z")).isEqualTo(5);
            assertThat(MidnightPass.inProgress(clock)).isFalse();
            assertThat(clock.get(MidnightPass.COMPLETED)).isEqualTo(at("2026-01-06T00:00:00Z").toEpochMilli());

            assertThat(stepped.statuses()).hasSize(5).isEqualTo(atOnce.statuses());
            assertThat(stepped.status("ann").getAttended28d()).isEqualTo(1);
        }
    }

    @Test
    void aMidnightCrossedDuringAPassIsCompleteWhenTheCursorComesBackToWhereItWas() {
        try (TopologyFixture stepped = new TopologyFixture(Rules.defaults(), TWO_PER_STEP);
             TopologyFixture atOnce = new TopologyFixture()) {
            stepped.send(HISTORY).tick("2026-01-06T00:00:01Z");
            stepped.driver().advanceWallClockTime(STEP);
            assertThat(movedTo(stepped, "2026-01-06T00:00:00Z")).isEqualTo(2);

            // Jan 7 is crossed with three clients of Jan 6's round left: the round goes on (now moving clients to
            // Jan 7); Jan 6 is complete at the end of this round, Jan 7 once the next round is back at the third client.
            stepped.tick("2026-01-07T00:00:01Z");
            KeyValueStore<String, Long> clock = stepped.driver().getKeyValueStore(ClientStores.CLOCK);
            assertThat(clock.get(MidnightPass.LAST_MIDNIGHT)).isEqualTo(at("2026-01-07T00:00:00Z").toEpochMilli());
            assertThat(clock.get(MidnightPass.COMPLETED)).isEqualTo(at("2026-01-05T00:00:00Z").toEpochMilli());
            assertThat(movedTo(stepped, "2026-01-07T00:00:00Z")).isZero();

            stepped.driver().advanceWallClockTime(STEP);   // clients 3 and 4
            assertThat(movedTo(stepped, "2026-01-07T00:00:00Z")).isEqualTo(2);
            assertThat(clock.get(MidnightPass.COMPLETED)).isEqualTo(at("2026-01-05T00:00:00Z").toEpochMilli());
            stepped.driver().advanceWallClockTime(STEP);   // client 5, end of the round: Jan 6 complete
            assertThat(movedTo(stepped, "2026-01-07T00:00:00Z")).isEqualTo(3);
            assertThat(clock.get(MidnightPass.COMPLETED)).isEqualTo(at("2026-01-06T00:00:00Z").toEpochMilli());
            assertThat(MidnightPass.inProgress(clock)).isTrue();
            stepped.driver().advanceWallClockTime(STEP);   // clients 1 and 2 again: Jan 7 complete
            assertThat(movedTo(stepped, "2026-01-07T00:00:00Z")).isEqualTo(5);
            assertThat(clock.get(MidnightPass.COMPLETED)).isEqualTo(at("2026-01-07T00:00:00Z").toEpochMilli());
            assertThat(MidnightPass.inProgress(clock)).isFalse();

            atOnce.send(HISTORY).tick("2026-01-06T00:00:01Z").tick("2026-01-07T00:00:01Z");
            assertThat(stepped.statuses()).hasSize(5).isEqualTo(atOnce.statuses());
        }
    }

    @Test
    void clientsAddedBetweenTwoPassesAreVisitedByTheNextOne() {
        try (TopologyFixture stepped = new TopologyFixture(Rules.defaults(), TWO_PER_STEP);
             TopologyFixture atOnce = new TopologyFixture()) {
            // Jan 7 completes mid-round (the cursor back at the second client), with the round's other clients read.
            stepped.send(HISTORY).tick("2026-01-06T00:00:01Z");
            stepped.driver().advanceWallClockTime(STEP);
            stepped.tick("2026-01-07T00:00:01Z");
            for (int i = 0; i < 3; i++) {
                stepped.driver().advanceWallClockTime(STEP);
            }
            KeyValueStore<String, Long> clock = stepped.driver().getKeyValueStore(ClientStores.CLOCK);
            assertThat(MidnightPass.inProgress(clock)).isFalse();

            // Ten clients admitted on Jan 7, then Jan 8: all fifteen are owed its visit, wherever their keys sort.
            List<SpecificRecord> later = java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> (SpecificRecord) admitted("new-" + i, "2026-01-07T10:0" + i + ":00Z")).toList();
            stepped.send(later).tick("2026-01-08T00:00:01Z");
            atOnce.send(HISTORY).send(later).tick("2026-01-08T00:00:01Z");
            assertThat(stepped.statuses()).hasSize(15).isEqualTo(atOnce.statuses());
            assertThat(movedTo(stepped, "2026-01-08T00:00:00Z")).isEqualTo(15);
        }
    }

    @Test
    void eachRecordAlsoVisitsItsShare() {
        Map<String, Object> onePerRecord = Map.of("rapport." + MidnightPassSettings.CLIENTS_PER_STEP, 2,
                "rapport." + MidnightPassSettings.CLIENTS_PER_RECORD, 1);
        try (TopologyFixture rapport = new TopologyFixture(Rules.defaults(), onePerRecord)) {
            rapport.send(HISTORY).tick("2026-01-06T00:00:01Z");
            // The tick goes to every input topic: three records past the midnight, one client each.
            assertThat(movedTo(rapport, "2026-01-06T00:00:00Z")).isEqualTo(3);
            rapport.driver().advanceWallClockTime(STEP);
            assertThat(movedTo(rapport, "2026-01-06T00:00:00Z")).isEqualTo(5);
        }
    }

    /** Clients whose stored status has as_of at {@code midnight} (read from the store: no settling). */
    private static int movedTo(TopologyFixture rapport, String midnight) {
        KeyValueStore<String, ClientStatus> statuses = rapport.driver().getKeyValueStore(ClientStores.STATUS);
        int moved = 0;
        try (KeyValueIterator<String, ClientStatus> it = statuses.all()) {
            while (it.hasNext()) {
                if (it.next().value.getAsOf().equals(at(midnight))) {
                    moved++;
                }
            }
        }
        return moved;
    }
}
