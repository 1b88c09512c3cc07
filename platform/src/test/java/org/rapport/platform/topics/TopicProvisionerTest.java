package org.rapport.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.topics.TopicProvisioner.TopicState;
import org.rapport.topics.Topics;

class TopicProvisionerTest {

    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;
    static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(dataDir, 0);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void createsEveryTopicOnceWithConfiguredPartitionsAndCleanupPolicy() {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        assertThat(provisioner.describe().values()).allMatch(Optional::isEmpty);
        RapportConfig config = RapportConfig.defaults().with(Map.of("topics.local.partitions", "3",
                "topics.partitions", "7"));

        assertThat(provisioner.createAll(config, true)).hasSize(13);  // with rapport.training-effects.v1
        assertThat(provisioner.createAll(config, true)).isEmpty();

        Map<String, Optional<TopicState>> states = provisioner.describe();
        assertThat(states.keySet()).first().isEqualTo("rapport.episodes.v1");
        assertThat(states.get("rapport.episodes.v1")).contains(new TopicState("rapport.episodes.v1", 3, 1, "delete", -1));
        assertThat(states.get("rapport.client-status.v1"))
                .contains(new TopicState("rapport.client-status.v1", 3, 1, "compact", -1));
        assertThat(states.get("rapport.dead-letter.v1"))
                .contains(new TopicState("rapport.dead-letter.v1", 3, 1, "delete", -1));
        long compacted = states.values().stream().flatMap(Optional::stream)
                .filter(s -> s.cleanupPolicy().equals("compact")).count();
        assertThat(compacted).isEqualTo(Topics.ALL.stream().filter(t -> t.compacted()).count()).isEqualTo(6);
    }
}
