package org.rapport.launcher.local;

import java.nio.file.Path;
import java.util.List;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;

/** The embedded single-node KRaft broker, data under {@code <data.dir>/kafka}, port {@code local.kafka.port}. */
public final class KafkaBrokerComponent implements Component {

    private EmbeddedKafka kafka;

    @Override
    public String name() {
        return "Kafka broker";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        kafka = EmbeddedKafka.start(dataDir(config), config.integer("local.kafka.port"));
        return config.with("bootstrap.servers", kafka.bootstrapServers());
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
