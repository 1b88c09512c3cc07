package org.rapport.streams.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.client;
import static org.rapport.streams.testing.Events.survey;
import static org.rapport.streams.testing.Events.training;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;
import org.rapport.avro.Instrument;
import org.rapport.avro.TrainingEvent;
import org.rapport.streams.testing.TopologyFixture;
import org.rapport.topics.Topics;

/** SPEC §2: an event that reaches Kafka invalid goes to the dead-letter topic, and processing goes on. */
class DeadLetterTopologyTest {

    private final TopologyFixture rapport = new TopologyFixture();

    @AfterEach
    void close() {
        rapport.close();
    }

    @Test
    void bytesNotInTheWireFormatAreDeadLetteredWithTheirOriginalBytes() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        rapport.sendRaw(Topics.ATTENDANCE, "k1", garbage);
        rapport.send(attended("ann", "s1", "2026-01-06T10:00:00Z"));

        DeadLetter letter = rapport.deadLetters().get(0);
        assertThat(letter.getStage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.ATTENDANCE.name());
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString()).isEqualTo("not avro at all");
        assertThat(letter.getReason()).containsIgnoringCase("magic");
        // the next, valid event is processed normally
        assertThat(rapport.statuses()).containsKey(client("ann"));
    }

    @Test
    void anInvalidEventIsDeadLetteredWithAFieldLevelReason() {
        rapport.send(survey("ann", Instrument.CARE, "2026-01-06T10:00:00Z", "c-1", 4, 4, 4, 4, 4, 4, 4, 4, 4));

        DeadLetter letter = rapport.deadLetters().get(0);
        assertThat(letter.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
        assertThat(letter.getReason()).contains("items").contains("10");
        assertThat(letter.getOriginalValue()).isNotNull();
        assertThat(rapport.statuses()).doesNotContainKey(client("ann"));
    }

    @Test
    void anInvalidTrainingIsDeadLetteredWithAFieldLevelReasonAndAValidOneIsNot() {
        TrainingEvent halfHours = training("counselor-1", "empathy-2026-01", Curriculum.EMPATHY, "2026-01-06T16:00:00Z");
        halfHours.setHours(0.25);
        rapport.send(halfHours, training("counselor-2", "empathy-2026-01", Curriculum.EMPATHY, "2026-01-06T16:00:00Z"));

        DeadLetter letter = rapport.deadLetters().get(0);
        assertThat(rapport.deadLetters()).hasSize(1);
        assertThat(letter.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.TRAININGS.name());
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(letter.getReason()).isEqualTo("hours must be between 0.5 and 200 hours, got 0.25");
        assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalKey()).toString()).isEqualTo("counselor-1");
        assertThat(letter.getOriginalValue()).isNotNull();
    }
}
