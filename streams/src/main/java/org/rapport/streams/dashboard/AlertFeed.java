package org.rapport.streams.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rapport.avro.Alert;
import org.rapport.config.RapportConfig;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code rapport.alerts.v1} from its end (committed records only) and hands every alert, retractions
 * included, to the listeners — the dashboards' live streams. It reads every partition itself, without a
 * consumer group, so each instance can serve live alerts of any program.
 */
public final class AlertFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, Alert> consumer;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public AlertFeed(RapportConfig config) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rapport-alert-feed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                SpecificAvroSerde.forTopic(Topics.ALERTS, config).deserializer());
        this.thread = new Thread(this::run, "rapport-alert-feed");
        this.thread.setDaemon(true);
    }

    public AlertFeed start() {
        thread.start();
        return this;
    }

    /** Adds a listener; the returned handle removes it. Listeners run on the feed's thread and must be quick. */
    public AutoCloseable listen(Consumer<Alert> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void run() {
        try {
            assignAllPartitionsAtEnd();
            while (running) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(POLL)) {
                    if (record.value() != null) {
                        deliver(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Live alert feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assignAllPartitionsAtEnd() throws WakeupException {
        List<PartitionInfo> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = consumer.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(10));
            if (partitions == null) {
                partitions = List.of();
            }
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(consumer::position);
        LOG.info("Live alert feed follows {} partitions of {}", assigned.size(), Topics.ALERTS.name());
    }

    private void deliver(Alert alert) {
        for (Consumer<Alert> listener : listeners) {
            try {
                listener.accept(alert);
            } catch (RuntimeException e) {
                LOG.warn("A live alert listener failed: {}", e.toString());
            }
        }
    }

    /** True while the feed thread runs. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
