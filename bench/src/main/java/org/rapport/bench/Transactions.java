package org.rapport.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How a run's producing went, from Kafka's own metrics: commits of the stream threads, the time their producers
 * spent committing transactions (the stream thread waits for it: every batch still in flight, retries included,
 * must be acknowledged first), the records the producers had to send again, and — on the embedded broker, whose
 * metrics live in this JVM — how many partition appends the broker refused (each one is an {@code ERROR
 * ReplicaManager} line in its log, such as transactions v2's "Expected sequence 0" rejection).
 *
 * @param commits              {@code commit-total} of the stream threads
 * @param txnCommitSeconds     {@code txn-commit-time-ns-total} of their producers (0 under at-least-once)
 * @param recordRetries        {@code record-retry-total} of their producers: records sent more than once
 * @param brokerRejectedAppends failed produce appends on the broker during the run; -1 on an external cluster
 */
record Transactions(long commits, double txnCommitSeconds, long recordRetries, long brokerRejectedAppends) {

    private static final String BROKER_FAILED_PRODUCE =
            "kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec";

    /** Mean time one commit spent in the producer's commitTransaction, in milliseconds. */
    double meanTxnCommitMillis() {
        return commits == 0 ? 0 : txnCommitSeconds * 1e3 / commits;
    }

    static Transactions of(KafkaStreams streams, long brokerFailuresBefore) {
        Map<MetricName, ? extends Metric> metrics = streams.metrics();
        long commits = (long) sum(metrics, "stream-thread-metrics", "commit-total");
        double txnNanos = sum(metrics, "producer-metrics", "txn-commit-time-ns-total");
        long retries = (long) sum(metrics, "producer-metrics", "record-retry-total");
        long failures = brokerFailedAppends();
        long rejected = failures < 0 || brokerFailuresBefore < 0 ? -1 : failures - brokerFailuresBefore;
        return new Transactions(commits, txnNanos / 1e9, retries, rejected);
    }

    /** Failed produce appends on every topic so far, if the broker runs in this JVM; else -1. */
    static long brokerFailedAppends() {
        try {
            Object count = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(BROKER_FAILED_PRODUCE), "Count");
            return ((Number) count).longValue();
        } catch (JMException e) {
            return -1;
        }
    }

    private static double sum(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            if (m.getKey().group().equals(group) && m.getKey().name().equals(name)
                    && m.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                total += n.doubleValue();
            }
        }
        return total;
    }
}
