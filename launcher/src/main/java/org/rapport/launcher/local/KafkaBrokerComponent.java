package org.rapport.launcher.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.kafka.HangingTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded single-node KRaft broker, data under {@code <data.dir>/kafka}, port {@code local.kafka.port}. Before
 * anything else may write, it completes the transactions an unclean stop left hanging
 * ({@link HangingTransactions}): after a {@code kill -9}, Kafka's transaction coordinator can finish a transaction
 * while some of its partitions have no leader yet, and then skips their markers for good.
 */
public final class KafkaBrokerComponent implements Component {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerComponent.class);

    private EmbeddedKafka kafka;

    @Override
    public String name() {
        return "Kafka broker";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        kafka = EmbeddedKafka.start(dataDir(config), config.integer("local.kafka.port"));
        completeHangingTransactions(kafka.bootstrapServers(), config.duration("local.kafka.recovery.timeout"));
        return config.with("bootstrap.servers", kafka.bootstrapServers());
    }

    static void completeHangingTransactions(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            HangingTransactions.Recovery recovery = new HangingTransactions(admin, bootstrapServers, timeout).recover();
            if (!recovery.isEmpty()) {
                LOG.warn("Completed {} transaction(s) left hanging by an unclean stop, as their coordinator decided: "
                        + "committed on {}; aborted on {}", recovery.committed().size() + recovery.aborted().size(),
                        names(recovery.committed()), names(recovery.aborted()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Start anyway: if a transaction does hang, /health/ready says so and a restart tries again.
            LOG.warn("Could not check for transactions left hanging by an unclean stop: {}", e.toString());
        }
    }

    private static String names(List<HangingTransactions.Open> open) {
        return open.isEmpty() ? "none" : open.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    static Path dataDir(RapportConfig config) {
        return config.path("data.dir").resolve("kafka");
    }

    @Override
    public List<String> describe() {
        return List.of(String.format("%-16s %s  (KRaft single node, cluster %s, data %s)", "Kafka broker",
                kafka.bootstrapServers(), kafka.clusterId(), kafka.dataDir()));
    }

    @Override
    public void stop() {
        kafka.close();
    }
}
