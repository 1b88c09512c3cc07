package org.rapport.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.RapportTopology;
import org.rapport.streams.StreamsSettings;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.rules.Rules;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;

/**
 * The topology's own cost without Kafka: the same records piped through TopologyTestDriver (in memory, no
 * network, no transactions), counting the records it writes to each output and internal topic. The gap between
 * this and the pipeline on the broker is what Kafka costs; the records written per input record is the
 * topology's write amplification.
 */
final class TopologyOnly {

    /** What the topology alone did. */
    record Result(long records, double seconds, double recordsPerSecond, double cpuMicrosPerRecord,
                  long outputRecords, double outputRecordsPerInput) {
    }

    private TopologyOnly() {
    }

    static Result run(List<ProducerRecord<String, byte[]>> records, RapportConfig config, SchemaRegistryClient registry,
                      Path stateDir) {
        TopicSerdes serdes = new TopicSerdes() {
            @Override
            public <V extends SpecificRecord> Serde<V> of(Topic<V> topic) {
                return SpecificAvroSerde.forTopic(topic, registry, true);
            }
        };
        RapportTopology topology = new RapportTopology(Rules.from(config), EventValidator.fromConfig(config), serdes,
                Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rapport-bench-topology-only");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(StreamsSettings.errorHandling(config.string("schema.registry.url")));
        long outputs = 0;
        double seconds;
        long cpu;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(), props, Instant.now())) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            for (Topic<?> t : Topics.INPUTS) {
                inputs.put(t.name(), driver.createInputTopic(t.name(), new StringSerializer(), new ByteArraySerializer()));
            }
            // Timed from here, as the pipeline is timed from RUNNING: opening the stores is not processing.
            long cpuBefore = PipelineRun.processCpuNanos();
            long started = System.nanoTime();
            for (ProducerRecord<String, byte[]> r : records) {
                inputs.get(r.topic()).pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(),
                        Instant.ofEpochMilli(r.timestamp())));
            }
            for (Topic<?> t : Topics.OUTPUTS) {
                outputs += driver.createOutputTopic(t.name(), new StringDeserializer(), new ByteArrayDeserializer())
                        .getQueueSize();
            }
            seconds = (System.nanoTime() - started) / 1e9;
            cpu = PipelineRun.processCpuNanos() - cpuBefore;
        }
        return new Result(records.size(), seconds, records.size() / seconds, cpu / 1e3 / records.size(), outputs,
                outputs / (double) records.size());
    }
}
