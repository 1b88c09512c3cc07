package org.rapport.streams.observability;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.rapport.avro.AlertKind;
import org.rapport.topics.Topic;
import org.rapport.streams.client.DataQuality;
import org.rapport.topics.Topics;

/**
 * {@code /metrics} for Prometheus and {@code /health/live} ({@code /health/ready} is the query API's: ready when it
 * can answer every query). Besides Kafka Streams' own metrics (Micrometer's {@link KafkaStreamsMetrics}) it exports Rapport's:
 * {@code rapport_events_in_total{topic}} (input records this instance consumed, ticks included),
 * {@code rapport_dead_letters_total} (records this instance sent to the dead-letter topic),
 * {@code rapport_alerts_total{kind}} (alerts seen on the alerts topic, see {@link #alertSeen}) and the query
 * latency timer {@code rapport_query_latency_seconds{endpoint}}.
 */
public final class Observability implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<KafkaStreams> streams;
    private final Map<AlertKind, Counter> alerts = new java.util.EnumMap<>(AlertKind.class);
    private KafkaStreamsMetrics streamsMetrics;

    public Observability(Supplier<KafkaStreams> streams) {
        this.streams = streams;
        for (Topic<?> topic : Topics.INPUTS) {
            FunctionCounter.builder("rapport.events.in", this, o -> o.clientMetricSum(
                            "consumer-fetch-manager-metrics", "records-consumed-total", topic.name()))
                    .description("Input records consumed by this instance's stream threads")
                    .tag("topic", topic.name()).register(registry);
        }
        FunctionCounter.builder("rapport.data.quality.problems", this, o -> DataQuality.problems())
                .description("Episode events ignored as data-quality problems (ADMITTED while open, DISCHARGED while"
                        + " closed) by the Streams tasks of this JVM").register(registry);
        FunctionCounter.builder("rapport.dead.letters", this, o -> o.clientMetricSum("producer-topic-metrics",
                        "record-send-total", Topics.DEAD_LETTER.name()))
                .description("Records this instance sent to " + Topics.DEAD_LETTER.name()).register(registry);
        for (AlertKind kind : AlertKind.values()) {
            alerts.put(kind, Counter.builder("rapport.alerts").description("Alerts published on "
                    + Topics.ALERTS.name() + " since this instance started, by kind").tag("kind", kind.name())
                    .register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds Kafka Streams' own metrics once the instance exists (call after it is started). */
    public synchronized void bindStreams() {
        KafkaStreams s = streams.get();
        if (s != null && streamsMetrics == null) {
            streamsMetrics = new KafkaStreamsMetrics(s);
            streamsMetrics.bindTo(registry);
        }
    }

    public void alertSeen(AlertKind kind) {
        alerts.get(kind).increment();
    }

    public void addRoutes(Javalin app) {
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    }

    /**
     * Sum of a Kafka client metric over this instance's clients for one topic. Consumer fetch metrics carry the
     * topic tag twice, as the name and with dots replaced by underscores: one spelling is counted, per client.
     */
    private double clientMetricSum(String group, String name, String topic) {
        KafkaStreams s = streams.get();
        if (s == null) {
            return 0;
        }
        Map<String, Double> exact = new java.util.HashMap<>();
        Map<String, Double> underscored = new java.util.HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName m = e.getKey();
            String tag = m.tags().get("topic");
            if (m.group().equals(group) && m.name().equals(name) && tag != null
                    && e.getValue().metricValue() instanceof Number n) {
                String client = m.tags().getOrDefault("client-id", "");
                if (tag.equals(topic)) {
                    exact.merge(client, n.doubleValue(), Double::sum);
                } else if (tag.equals(topic.replace('.', '_'))) {
                    underscored.merge(client, n.doubleValue(), Double::sum);
                }
            }
        }
        underscored.forEach(exact::putIfAbsent);
        return exact.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
