package org.rapport.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Records an application's producers sent, per topic, from Kafka's own {@code producer-topic-metrics}
 * ({@code record-send-total}: a record sent again after a retriable error counts again, see
 * {@link Transactions#recordRetries()}). Grouped as {@link TopicBytes} groups bytes: how many records each input record
 * makes the application write is what its cost follows, more than their size.
 */
final class RecordsSent {

    private static final int LARGEST_SHOWN = 12;

    private RecordsSent() {
    }

    static Map<String, Long> of(KafkaStreams streams, String applicationId) {
        Map<String, Long> perTopic = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            MetricName name = m.getKey();
            if (name.group().equals("producer-topic-metrics") && name.name().equals("record-send-total")
                    && m.getValue().metricValue() instanceof Number n) {
                perTopic.merge(name.tags().get("topic"), (long) n.doubleValue(), Long::sum);
            }
        }
        return TopicBytes.grouped(perTopic, applicationId, LARGEST_SHOWN);
    }

    /** Each group's count divided by the input records. */
    static Map<String, Double> perInput(Map<String, Long> sent, long inputRecords) {
        Map<String, Double> per = new LinkedHashMap<>();
        sent.forEach((group, count) -> per.put(group, count / (double) Math.max(1, inputRecords)));
        return per;
    }
}
