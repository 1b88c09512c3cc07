package org.rapport.launcher.local;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.rapport.config.RapportConfig;
import org.rapport.platform.topics.TopicProvisioner;
import org.rapport.topics.Topics;

/** Creates every Rapport topic with the local partition count ({@code topics.local.partitions}). */
public final class TopicsComponent implements Component {

    private int partitions;
    private int created;

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        partitions = config.integer("topics.local.partitions");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.string("bootstrap.servers")))) {
            created = new TopicProvisioner(admin).createAll(config, true).size();
        }
        return config;
    }

    @Override
    public List<String> describe() {
        return List.of(String.format("%-16s %d Rapport topics, %d partitions each (%d created now)", "Topics",
                Topics.ALL.size(), partitions, created));
    }

    @Override
    public void stop() {
        // Topics outlive the process.
    }
}
