package org.rapport.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.platform.topics.TopicProvisioner;

/**
 * Issue 9, item 3: a transaction left open on {@code __consumer_offsets} that its coordinator no longer knows keeps
 * a {@code read_committed} consumer's committed offsets "unstable" for ever — Kafka Streams then waits in
 * {@code fetchCommittedOffsets} and never becomes RUNNING. The state is made here on purpose: a producer commits
 * offsets inside a transaction and is never heard of again, and the coordinator's log
 * ({@code __transaction_state}) loses the transaction — as a coordinator does whose records did not survive a crash.
 */
class HangingTransactionsTest {

    private static final String TOPIC = "hanging-input";
    private static final String GROUP = "hanging-group";
    private static final TopicPartition INPUT = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dataDir;

    @Test
    void aTransactionItsCoordinatorForgotIsFoundAndAbortedAndTheGroupsOffsetsAreStableAgain() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0); Admin admin = admin(kafka)) {
            new TopicProvisioner(admin).create(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())));
            assertThat(hanging(kafka, admin).find()).isEmpty();
            leaveATransactionOpen(kafka);
            // Known to its coordinator, it is not hanging: the coordinator will abort it when it times out.
            assertThat(hanging(kafka, admin).find()).isEmpty();
        }
        forgetEveryTransaction(dataDir);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0); Admin admin = admin(kafka)) {
            assertThatThrownBy(() -> committed(kafka, Duration.ofSeconds(3)))
                    .as("the group's offset stays unstable: what Streams waits on")
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

            HangingTransactions hanging = hanging(kafka, admin);
            List<HangingTransactions.Open> found = hanging.find();
            assertThat(found).extracting(o -> o.partition().topic()).containsExactlyInAnyOrder(TOPIC,
                    "__consumer_offsets");
            HangingTransactions.Recovery recovery = hanging.recover();
            // No coordinator ever decided to commit it: aborted, like the coordinator would have.
            assertThat(recovery.committed()).isEmpty();
            assertThat(recovery.aborted()).containsExactlyInAnyOrderElementsOf(found);

            assertThat(committed(kafka, Duration.ofSeconds(30)).get(INPUT)).as("aborted: no committed offset, no wait")
                    .isNull();
            assertThat(readCommitted(kafka)).as("the aborted record is not delivered").isEmpty();
            assertThat(hanging.find()).isEmpty();
        }
    }

    /** A transactional producer writes a record and commits an offset for the group in a transaction, then vanishes. */
    private static void leaveATransactionOpen(EmbeddedKafka kafka) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vanished-producer",
                // The broker's maximum (15 min): the coordinator must not abort it while the test runs.
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "k", "v"));
        producer.sendOffsetsToTransaction(Map.of(INPUT, new OffsetAndMetadata(1)), new ConsumerGroupMetadata(GROUP));
        producer.flush();
        producer.close(Duration.ZERO);   // no abort, no commit: the transaction stays open
    }

    /** Deletes the transaction coordinator's log, so that a restarted broker knows no transaction at all. */
    private static void forgetEveryTransaction(Path dataDir) throws IOException {
        try (Stream<Path> logs = Files.list(EmbeddedKafka.logDir(dataDir))) {
            for (Path dir : logs.filter(p -> p.getFileName().toString().startsWith("__transaction_state-")).toList()) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(HangingTransactionsTest::delete);
                }
            }
        }
    }

    /** The group's committed offsets as a read_committed consumer (Kafka Streams under exactly-once) reads them. */
    private static Map<TopicPartition, OffsetAndMetadata> committed(EmbeddedKafka kafka, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            return consumer.committed(Set.of(INPUT), timeout);
        }
    }

    private static List<String> readCommitted(EmbeddedKafka kafka) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(INPUT));
            consumer.seekToBeginning(List.of(INPUT));
            List<String> values = new java.util.ArrayList<>();
            long end = consumer.endOffsets(List.of(INPUT)).get(INPUT);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(INPUT) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(consumer.position(INPUT)).as("read to the end: nothing pins the last stable offset").isEqualTo(end);
            return values;
        }
    }

    private static HangingTransactions hanging(EmbeddedKafka kafka, Admin admin) {
        return new HangingTransactions(admin, kafka.bootstrapServers(), Duration.ofSeconds(30));
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
