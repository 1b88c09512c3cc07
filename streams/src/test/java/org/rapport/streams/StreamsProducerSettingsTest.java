package org.rapport.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rapport.config.RapportConfig;

/**
 * Under exactly-once the stream threads' producers keep one request in flight, so that no batch is pipelined behind a
 * transaction's first one while that is retried (transactions v2 refuses it and the broker logs an ERROR). Under any
 * guarantee they compress what they send, in batches gathered up to a commit.
 */
class StreamsProducerSettingsTest {

    private static final String IN_FLIGHT =
            StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    private static final String BACKOFF = StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);

    @Test
    void exactlyOnceProducersSendOneRequestAtATimeAndRetrySoon() {
        Properties props = StreamsSettings.from(RapportConfig.defaults());

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(IN_FLIGHT)).isEqualTo(1);
        assertThat(props.get(BACKOFF)).isEqualTo(10);
        // Kafka Streams accepts them: its producer config carries them through.
        StreamsConfig config = new StreamsConfig(props);
        assertThat(config.getProducerConfigs("client").get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))
                .isEqualTo(1);
    }

    @Test
    void atLeastOnceProducersAreNotTransactionalAndKeepKafkasDefaults() {
        Properties props = StreamsSettings.from(
                RapportConfig.defaults().with("streams.processing.guarantee", StreamsConfig.AT_LEAST_ONCE));

        assertThat(props).doesNotContainKeys(IN_FLIGHT, BACKOFF);
    }

    @Test
    void whatStreamsWritesIsCompressedInBatchesGatheredUpToACommit() {
        StreamsConfig config = new StreamsConfig(StreamsSettings.from(RapportConfig.defaults()));

        assertThat(config.getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("zstd");
        assertThat(config.getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(100);
    }
}
