package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.client;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Band;
import org.rapport.avro.Exposure;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.streams.indicators.alliance.AllianceFacts;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.SessionOutcome;

/** The per-episode pure functions of SPEC §5.6 and the bands of its two other exposures, at their edges. */
class AllianceFactsTest {

    private final Rules rules = Rules.defaults();
    private final Rules.AllianceBands bands = rules.allianceBands();

    @Test
    void selfCompassionBandsPutEachLowerBoundInTheHigherBand() {
        assertThat(bands.scs(1.0)).isEqualTo(Band.LOW);
        assertThat(bands.scs(2.49)).isEqualTo(Band.LOW);
        assertThat(bands.scs(2.5)).isEqualTo(Band.MID);
        assertThat(bands.scs(3.49)).isEqualTo(Band.MID);
        assertThat(bands.scs(3.5)).isEqualTo(Band.HIGH);
        assertThat(bands.scs(5.0)).isEqualTo(Band.HIGH);
    }

    @Test
    void peerSupportBandsCountAttendedPeerSupportSessions() {
        assertThat(bands.peerSupport(0)).isEqualTo(Band.NONE);
        assertThat(bands.peerSupport(1)).isEqualTo(Band.SOME);
        assertThat(bands.peerSupport(3)).isEqualTo(Band.SOME);
        assertThat(bands.peerSupport(4)).isEqualTo(Band.REGULAR);
        assertThat(bands.peerSupport(40)).isEqualTo(Band.REGULAR);
    }

    @Test
    void bandsOutOfOrderAreAConfigurationError() {
        assertThatThrownBy(() -> new Rules.AllianceBands(3.5, 2.5, 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rules.AllianceBands(2.5, 3.5, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rules.AllianceBands(2.5, 3.5, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneEpisodesRowsAndAttendedSessions() {
        // ann: SCS-SF all 3 -> 3.0 (MID); attended p1 and p2, missed p3 -> 2 of 3; one row per exposure she has
        Episode episode = Episodes.build(client("ann"), List.of(admitted("ann", "2026-01-05T09:00:00Z"))).episodes().get(0);
        Map<String, AllianceFact> rows = AllianceFacts.ofEpisode(episode, Map.of(Exposure.SCS_SF, List.of(3.0)), 2, 1,
                false, false, rules);
        assertThat(rows).containsOnlyKeys(episode.key() + "|SCS_SF", episode.key() + "|PEER_SUPPORT");
        assertThat(rows.get(episode.key() + "|SCS_SF").getBand()).isEqualTo("MID");
        assertThat(rows.get(episode.key() + "|SCS_SF").getAttendanceRate()).isEqualTo(2 / 3.0);
        assertThat(rows.get(episode.key() + "|PEER_SUPPORT").getBand()).as("set by the join with the sessions").isEmpty();

        // an attended session names the episode's PEER_SUPPORT row
        SessionOutcome p1 = SessionOutcome.of(attended("ann", "p1", "2026-01-06T10:00:00Z"));
        AllianceSession session = AllianceFacts.session(episode, p1);
        assertThat(AllianceFacts.sessionKey(episode, p1)).isEqualTo(episode.key() + "|p1");
        assertThat(session.getEpisode()).isEqualTo(episode.key() + "|PEER_SUPPORT");
        assertThat(session.getClinicId()).isEqualTo("clinic-a");

        // banded by the count the topology finds: none known -> NONE, 3 -> SOME, 4 -> REGULAR
        AllianceFact peer = rows.get(episode.key() + "|PEER_SUPPORT");
        assertThat(AllianceFacts.withPeerSupport(peer, null, bands).getBand()).isEqualTo("NONE");
        assertThat(AllianceFacts.withPeerSupport(peer, 3L, bands).getBand()).isEqualTo("SOME");
        assertThat(AllianceFacts.withPeerSupport(peer, 4L, bands).getBand()).isEqualTo("REGULAR");
        AllianceFact scs = rows.get(episode.key() + "|SCS_SF");
        assertThat(AllianceFacts.withPeerSupport(scs, 4L, bands)).as("other rows as they are").isSameAs(scs);
    }

    @Test
    void theEpisodeMeanIsTheMeanOfItsScoresInTimeOrder() {
        assertThat(AllianceFacts.mean(List.of())).isNull();
        // (40 + 30 + 35) / 3 = 35
        assertThat(AllianceFacts.mean(List.of(40.0, 30.0, 35.0))).isEqualTo(35.0);
    }
}
