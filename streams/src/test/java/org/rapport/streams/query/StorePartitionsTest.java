package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.streams.StreamsApp;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;
import org.rapport.topics.Topics;

class StorePartitionsTest {

    private final StorePartitions partitions = new StorePartitions(new StreamsApp(RapportConfig.defaults(),
            InMemorySchemaRegistryClient.named("store-partitions-test")).topology());

    @Test
    void clientStoresArePartitionedLikeTheClientInputTopics() {
        assertThat(partitions.sourceTopics(ClientStores.STATUS)).contains(Topics.EPISODES.name(),
                Topics.ATTENDANCE.name(), Topics.SURVEYS.name()).doesNotContain(Topics.SESSIONS.name());
        assertThat(partitions.sourceTopics(ClientStores.ALERTS)).isEqualTo(partitions.sourceTopics(ClientStores.STATUS));
    }

    @Test
    void aggregateStoresArePartitionedLikeTheirRepartitionTopic() {
        // The week's sums joined with its sessions held: two co-partitioned repartition topics feed the store.
        assertThat(partitions.sourceTopics(ProgramWeeklyTopology.STORE)).containsExactlyInAnyOrder(
                "weekly-by-program-repartition", "weekly-sessions-by-week-repartition");
        assertThat(partitions.sourceTopics(AllianceOutcomeTopology.STORE_ALL))
                .containsExactly("alliance-outcomes-all-by-band-repartition");
    }

    @Test
    void partitionsOfAStoreAmongAnInstancesActivePartitions() {
        List<TopicPartition> active = List.of(new TopicPartition(Topics.EPISODES.name(), 1),
                new TopicPartition(Topics.ATTENDANCE.name(), 1), new TopicPartition(Topics.SURVEYS.name(), 1),
                new TopicPartition(Topics.EPISODES.name(), 3),
                new TopicPartition("rapport-streams-weekly-by-program-repartition", 0),
                new TopicPartition("rapport-streams-weekly-facts-repartition", 2));

        assertThat(partitions.partitionsOf(ClientStores.STATUS, active)).containsExactly(1, 3);
        assertThat(partitions.partitionsOf(ProgramWeeklyTopology.STORE, active)).containsExactly(0);
        assertThat(partitions.partitionsOf(AllianceOutcomeTopology.STORE, active)).isEmpty();
        assertThatThrownBy(() -> partitions.sourceTopics("no-such-store")).isInstanceOf(IllegalArgumentException.class);
    }
}
