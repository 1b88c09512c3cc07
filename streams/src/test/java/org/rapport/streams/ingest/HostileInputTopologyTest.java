package org.rapport.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.client;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;
import org.rapport.avro.EpisodeEvent;
import org.rapport.streams.testing.TopologyFixture;

/**
 * Issue 9, items 1 and 7, for events written straight into Kafka: an id outside the alphabet or an instant before
 * 1970 is not processed but dead-lettered with a reason naming the field, and the next valid event goes on.
 */
class HostileInputTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void idsOutsideTheAlphabetBecomeDeadLettersNamingTheField() {
        EpisodeEvent piped = admitted("ann", "2026-01-05T09:00:00Z", "north-op|evil");
        AttendanceEvent nul = attended("bob", "s\u00001", "2026-01-06T10:00:00Z");
        AttendanceEvent bidi = AttendanceEvent.newBuilder(attended("cid", "s1", "2026-01-06T10:00:00Z"))
                .setClinicId("clinic-a\u202e").build();
        rapport.send(piped, nul, bidi, admitted("dan", "2026-01-05T09:00:00Z"));

        List<DeadLetter> letters = rapport.deadLetters();
        assertThat(letters).extracting(DeadLetter::getStage).containsOnly(DeadLetterStage.VALIDATION).hasSize(3);
        assertThat(letters.get(0).getReason()).contains("program_id must be 1-64 characters of A-Z a-z 0-9 . _ : -; "
                + "U+007C '|' at position 9 is not allowed");
        assertThat(letters.get(1).getReason()).contains("session_id").contains("U+0000 at position 2");
        assertThat(letters.get(2).getReason()).contains("clinic_id").contains("U+202E at position 9");
        assertThat(rapport.statuses()).containsOnlyKeys(client("dan"));
    }

    @Test
    void anEventBefore1970IsADeadLetterNotASilentlySkippedRecord() {
        EpisodeEvent old = admitted("eve", "2026-01-05T09:00:00Z");
        old.setOccurredAt(Instant.parse("1969-12-31T23:00:00Z"));
        rapport.send(old, admitted("fay", "2026-01-05T09:00:00Z"));

        assertThat(rapport.deadLetters()).singleElement().satisfies(letter -> assertThat(letter.getReason())
                .contains("occurred_at must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)"));
        assertThat(rapport.statuses()).containsOnlyKeys(client("fay"));
    }
}
