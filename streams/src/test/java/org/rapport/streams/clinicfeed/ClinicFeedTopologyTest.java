package org.rapport.streams.clinicfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.craving;
import static org.rapport.streams.testing.Events.session;
import static org.rapport.streams.testing.Events.survey;
import static org.rapport.streams.testing.Events.training;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.Instrument;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.testing.Events;
import org.rapport.streams.testing.TopologyFixture;
import org.rapport.topics.Topics;

/** The clinic view's feed: what each clinic sent, by day and type, and what was refused and why. */
class ClinicFeedTopologyTest {

    private static final String CLINIC = Events.CLINIC;

    @Test
    void validEventsAreCountedByClinicDayAndTypeAndDeadLettersByClinicWithTheirReasonOnly() {
        try (TopologyFixture rapport = new TopologyFixture()) {
            rapport.send(admitted("ann", "2026-03-02T09:00:00Z"),
                    session("s1", "counselor-1", "2026-03-02T10:00:00Z"),
                    attended("ann", "s1", "2026-03-02T10:00:00Z"),
                    craving("ann", "2026-03-03T08:00:00Z", 4),
                    training("counselor-1", "empathy-2026-03", Curriculum.EMPATHY, "2026-03-03T12:00:00Z"),
                    admitted("bob", "2026-03-03T09:00:00Z", "prog-b", "clinic-b"),
                    // CARE needs 10 items: a dead letter of clinic-a
                    survey("ann", Instrument.CARE, "2026-03-03T10:00:00Z", "c-1", 4, 4, 4, 4, 4, 4, 4, 4, 4));
            rapport.sendRaw(Topics.ATTENDANCE, "k1", "not avro".getBytes(StandardCharsets.UTF_8));

            assertThat(entries(rapport.store(ClinicFeedTopology.RECEIVED))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "clinic-a|2026-03-02|attendance", 1L,
                    "clinic-a|2026-03-02|episode", 1L,
                    "clinic-a|2026-03-03|survey", 1L,
                    "clinic-b|2026-03-03|episode", 1L)));
            assertThat(entries(rapport.store(ClinicFeedTopology.RECEIVED_SESSIONS)))
                    .containsExactly(Map.entry("clinic-a|2026-03-02|session", 1L));
            assertThat(entries(rapport.store(ClinicFeedTopology.RECEIVED_TRAININGS)))
                    .containsExactly(Map.entry("clinic-a|2026-03-03|training", 1L));

            // Two dead letters; only the one whose bytes decode names a clinic.
            List<DeadLetter> letters = rapport.deadLetters();
            assertThat(letters).hasSize(2);
            DeadLetter invalid = letters.stream().filter(l -> l.getSourceTopic().equals(Topics.SURVEYS.name()))
                    .findFirst().orElseThrow();
            LocalDate failedOn = LocalDate.ofInstant(invalid.getFailedAt(), ZoneOffset.UTC);
            assertThat(entries(rapport.store(ClinicFeedTopology.REJECTED)))
                    .containsExactly(Map.entry(CLINIC + "|" + failedOn + "|survey", 1L));
            Map<String, DeadLetter> kept = entries(rapport.store(ClinicFeedTopology.REJECTIONS));
            assertThat(kept).hasSize(1);
            DeadLetter reasonOnly = kept.values().iterator().next();
            assertThat(kept.keySet().iterator().next()).startsWith(CLINIC + "|");
            assertThat(reasonOnly.getReason()).isEqualTo(invalid.getReason()).contains("items");
            assertThat(reasonOnly.getOriginalValue()).isNull();
            assertThat(reasonOnly.getOriginalKey()).isNull();
            assertThat(reasonOnly.getSourceOffset()).isEqualTo(invalid.getSourceOffset());
        }
    }

    @Test
    void onlyTheLastDaysAndTheNewestDeadLettersAreKept() {
        Map<String, Object> bounds = Map.of("rapport.clinic.feed.days", 3, "rapport.clinic.feed.rejections.kept", 2);
        try (TopologyFixture rapport = new TopologyFixture(Rules.defaults(), bounds)) {
            rapport.send(admitted("ann", "2026-03-01T09:00:00Z"), craving("ann", "2026-03-02T09:00:00Z", 3),
                    craving("ann", "2026-03-05T09:00:00Z", 3));
            // Stream time is on 03-05: days kept are 03-03 to 03-05; a late event of 03-02 is not counted, one of
            // 03-04 is.
            rapport.send(craving("ann", "2026-03-02T12:00:00Z", 3), craving("ann", "2026-03-04T12:00:00Z", 3));
            assertThat(entries(rapport.store(ClinicFeedTopology.RECEIVED))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "clinic-a|2026-03-04|survey", 1L,
                    "clinic-a|2026-03-05|survey", 1L)));

            for (int i = 0; i < 3; i++) {
                rapport.send(survey("ann", Instrument.CARE, "2026-03-05T10:0" + i + ":00Z", "c-1", 4, 4, 4));
            }
            List<Long> offsets = rapport.deadLetters().stream().map(DeadLetter::getSourceOffset).toList();
            assertThat(offsets).hasSize(3);
            Map<String, DeadLetter> kept = entries(rapport.store(ClinicFeedTopology.REJECTIONS));
            assertThat(kept.values()).extracting(DeadLetter::getSourceOffset)
                    .containsExactlyInAnyOrderElementsOf(offsets.subList(1, 3));
        }
    }

    private static <V> Map<String, V> entries(KeyValueStore<String, V> store) {
        Map<String, V> all = new TreeMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> e = it.next();
                all.put(e.key, e.value);
            }
        }
        return all;
    }
}
