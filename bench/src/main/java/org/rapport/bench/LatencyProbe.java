package org.rapport.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.LevelOfCare;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency from a produce acknowledgement to the effect in an output topic, under load: background records are
 * sent at a fixed rate while, a few times a second, a probe — the admission of a brand-new client — is sent
 * among them. Its effect is unambiguous: the first {@code rapport.client-status.v1} record with that client's key,
 * seen by a read-committed consumer (so under exactly-once, after the Streams transaction commits).
 */
final class LatencyProbe {

    /** What the probes saw. */
    record Result(double targetRecordsPerSecond, double achievedRecordsPerSecond, int probes, int lost,
                  double p50Millis, double p99Millis, double maxMillis) {
    }

    private static final int PROBES_PER_SECOND = 20;

    private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);
    /** How many of the slowest probes the log names, with when they were sent: stalls show as a cluster. */
    private static final int SLOWEST_LOGGED = 8;

    private final String bootstrap;
    private long started;
    private final Serializer<EpisodeEvent> episodes;
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    /** Released once the watcher knows where the status topic ends, so that no probe's effect is missed. */
    private final CountDownLatch watcherReady = new CountDownLatch(1);

    LatencyProbe(String bootstrap, SchemaRegistryClient registry) {
        this.bootstrap = bootstrap;
        this.episodes = SpecificAvroSerde.forTopic(Topics.EPISODES, registry, true).serializer();
    }

    /** Something that blocks until the pipeline has processed all input written so far. */
    interface CatchUpWait {
        void await() throws InterruptedException;
    }

    /**
     * Sends {@code background} at {@code ratePerSecond}: first for {@code warmUp} without probes (a restarted
     * application's first records fetch the metadata of each of its ~60 topics and open its first transactions:
     * measured, the first second's probes waited 0.7–1.1 s, then none did), then for {@code duration} with probes.
     */
    Result run(List<ProducerRecord<String, byte[]>> background, double ratePerSecond, Duration warmUp,
               Duration duration, CatchUpWait caughtUp) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> watchStatuses(stop), "bench-latency-watcher");
        watcher.start();
        watcherReady.await();
        long sent = 0;
        int probes = 0;
        long started = System.nanoTime();
        long probesFrom = started + warmUp.toNanos();
        this.started = probesFrom;
        long end = probesFrom + duration.toNanos();
        long nextProbe = probesFrom;
        long lastTimestamp = background.isEmpty() ? Instant.now().toEpochMilli() : background.get(0).timestamp();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(RawKafka.producerProps(bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            while (System.nanoTime() < end && sent < background.size()) {
                long now = System.nanoTime();
                long due = (long) ((now - started) / 1e9 * ratePerSecond);
                while (sent < due && sent < background.size()) {
                    ProducerRecord<String, byte[]> r = background.get((int) sent++);
                    lastTimestamp = r.timestamp();
                    producer.send(r);
                }
                if (now >= nextProbe) {
                    sendProbe(producer, lastTimestamp);
                    probes++;
                    nextProbe += 1_000_000_000L / PROBES_PER_SECOND;
                }
                Thread.sleep(1);
            }
            producer.flush();
        }
        double achieved = sent / ((System.nanoTime() - started) / 1e9);
        caughtUp.await();
        long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seenAt.size() < ackedAt.size() && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        stop.set(true);
        watcher.join();
        return summarise(ratePerSecond, achieved, probes);
    }

    private void sendProbe(KafkaProducer<String, byte[]> producer, long eventTime) {
        String clientId = UUID.randomUUID().toString().replace("-", "");
        EpisodeEvent admitted = EpisodeEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setClinicId("clinic-north").setProgramId("north-op").setClientId(clientId)
                .setAction(EpisodeAction.ADMITTED).setLevelOfCare(LevelOfCare.OUTPATIENT).setDischargeReason(null)
                .setOccurredAt(Instant.ofEpochMilli(eventTime)).setRecordedAt(null).build();
        String topic = Topics.EPISODES.name();
        sentAt.put(clientId, System.nanoTime());
        producer.send(new ProducerRecord<>(topic, null, eventTime, clientId, episodes.serialize(topic, admitted)),
                (md, e) -> {
                    if (e == null) {
                        ackedAt.put(clientId, System.nanoTime());
                    }
                });
    }

    private void watchStatuses(AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.CLIENT_STATUS.name())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);   // resolve the end now, before any probe is sent
            watcherReady.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    seenAt.putIfAbsent(r.key(), System.nanoTime());
                }
            }
        } catch (RuntimeException e) {
            watcherReady.countDown();
            throw e;
        }
    }

    private Result summarise(double target, double achieved, int probes) {
        List<Double> millis = new ArrayList<>();
        ackedAt.forEach((client, acked) -> {
            Long seen = seenAt.get(client);
            if (seen != null) {
                millis.add(Math.max(0, seen - acked) / 1e6);
            }
        });
        Collections.sort(millis);
        logSlowest();
        return new Result(target, achieved, probes, probes - millis.size(), percentile(millis, 0.50),
                percentile(millis, 0.99), millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1));
    }

    /** The slowest probes with the second of the run they were sent in: one stall, or a steady queue. */
    private void logSlowest() {
        List<String> slowest = ackedAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
                .sorted((a, b) -> Long.compare(seenAt.get(b.getKey()) - b.getValue(), seenAt.get(a.getKey()) - a.getValue()))
                .limit(SLOWEST_LOGGED)
                .map(e -> String.format("%.0f ms (sent at %.1f s)", (seenAt.get(e.getKey()) - e.getValue()) / 1e6,
                        (sentAt.getOrDefault(e.getKey(), started) - started) / 1e9))
                .toList();
        LOG.info("latency: slowest probes {}", slowest);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
