package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.at;
import static org.rapport.streams.testing.Events.discharged;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.DischargeReason;
import org.rapport.streams.client.DataQuality;
import org.rapport.streams.testing.TopologyFixture;

/** SPEC §5 "Episodes": out-of-place episode events are ignored and counted as data-quality problems. */
class DataQualityTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void anAdmissionWhileOpenAndADischargeWhileClosedAreIgnoredAndCounted() {
        long before = DataQuality.problems();
        rapport.send(admitted("ann", "2026-01-05T09:00:00Z"),
                admitted("ann", "2026-01-07T09:00:00Z"),                             // while open: ignored
                discharged("ann", "2026-01-20T09:00:00Z", DischargeReason.COMPLETED),
                discharged("ann", "2026-01-21T09:00:00Z", DischargeReason.OTHER));   // while closed: ignored

        assertThat(DataQuality.problems() - before).isEqualTo(2);
        // the episode is the first admission to the first discharge
        assertThat(rapport.status("ann").getEpisodeStart()).isEqualTo(at("2026-01-05T09:00:00Z"));
        assertThat(rapport.status("ann").getEpisodeOpen()).isFalse();
        assertThat(rapport.week("prog-1", "2026-01-19").getDischarges()).containsEntry("COMPLETED", 1)
                .doesNotContainKey("OTHER");
    }
}
