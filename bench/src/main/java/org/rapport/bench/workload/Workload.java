package org.rapport.bench.workload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.rapport.client.BatchCheck;
import org.rapport.client.EventConverter;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * Simulator events turned into the exact Kafka records Rapport's client would write (validated, pseudonymised,
 * Confluent-wire Avro, keyed and timestamped per SPEC §3), serialised once so that the raw-Kafka baseline and the
 * pipeline see the very same bytes. Each simulated day ends with a tick on every input partition, as the
 * simulator does.
 */
public final class Workload {

    /** Simulated days of every workload: a season of treatment, long enough for 90-day retention. */
    public static final int DAYS = 120;
    /** A fixed Monday in the past, so that runs are reproducible and no event lies in the future. */
    public static final Instant START = Instant.parse("2025-01-06T00:00:00Z");

    private final List<ProducerRecord<String, byte[]>> records;
    private final long events;
    private final long ticks;
    private final int clients;
    private final long valueBytes;

    private Workload(List<ProducerRecord<String, byte[]>> records, long events, long ticks, int clients,
                     long valueBytes) {
        this.records = records;
        this.events = events;
        this.ticks = ticks;
        this.clients = clients;
        this.valueBytes = valueBytes;
    }

    /**
     * Simulates {@code clients} clients over {@link #DAYS} days from {@code start}.
     *
     * @param secret     the pseudonym secret: a different secret gives a disjoint set of client ids
     * @param partitions partitions of each input topic (ticks go to every one)
     */
    public static Workload simulate(long seed, int clients, Instant start, String secret, int partitions,
                                    SchemaRegistryClient registry) {
        return simulate(seed, clients, start, DAYS, secret, partitions, registry);
    }

    /** Over {@code days} simulated days (the clients are admitted over the first three quarters of them). */
    public static Workload simulate(long seed, int clients, Instant start, int days, String secret, int partitions,
                                    SchemaRegistryClient registry) {
        SimulatorOptions options = new SimulatorOptions(seed, days, clients, start, false, Duration.ofSeconds(1));
        List<List<IncomingEvent>> byDay = Simulator.generate(options, start);
        RapportConfig config = RapportConfig.defaults().with("pseudonym.secret", secret);
        EventConverter converter = EventConverter.fromConfig(config, Clock.systemUTC());
        Map<String, Serializer<SpecificRecord>> serializers = serializers(registry);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        long events = 0;
        long ticks = 0;
        long bytes = 0;
        for (int d = 0; d < byDay.size(); d++) {
            BatchCheck check = BatchCheck.of(byDay.get(d), converter);
            if (!check.allValid()) {
                throw new IllegalStateException("The simulator produced invalid events: " + check.rejections());
            }
            for (Outgoing out : check.accepted()) {
                Outgoing.Event e = (Outgoing.Event) out;
                String topic = e.topic().name();
                byte[] value = serializers.get(topic).serialize(topic, e.value());
                records.add(new ProducerRecord<>(topic, null, e.timestamp().toEpochMilli(), e.key(), value));
                if (e.topic() != Topics.SESSIONS && e.topic() != Topics.TRAININGS) {
                    clientIds.add(e.key());
                }
                events++;
                bytes += value.length;
            }
            ticks += addTicks(records, start.plus(Duration.ofDays(d + 1L)), partitions);
            byDay.set(d, null);   // let the day's events go: a million of them are large
        }
        return new Workload(records, events, ticks, clientIds.size(), bytes);
    }

    /** Clients that give about {@code targetEvents} events, from the events per client of a small run. */
    public static int clientsFor(long targetEvents, long seed, SchemaRegistryClient registry) {
        int sample = 100;
        SimulatorOptions options = new SimulatorOptions(seed, DAYS, sample, START, false, Duration.ofSeconds(1));
        long sampleEvents = Simulator.generate(options, START).stream().mapToLong(List::size).sum();
        return (int) Math.max(1, Math.round(targetEvents * (double) sample / sampleEvents));
    }

    private static long addTicks(List<ProducerRecord<String, byte[]>> records, Instant at, int partitions) {
        long added = 0;
        for (Topic<?> topic : Topics.INPUTS) {
            for (int p = 0; p < partitions; p++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(Ticks.HEADER, Ticks.headerValue(at));
                records.add(new ProducerRecord<>(topic.name(), p, at.toEpochMilli(), Ticks.KEY, null, headers));
                added++;
            }
        }
        return added;
    }

    private static Map<String, Serializer<SpecificRecord>> serializers(SchemaRegistryClient registry) {
        Map<String, Serializer<SpecificRecord>> serializers = new java.util.HashMap<>();
        for (Topic<? extends SpecificRecord> topic : Topics.INPUTS) {
            serializers.put(topic.name(), serializer(topic, registry));
        }
        return serializers;
    }

    private static <T extends SpecificRecord> Serializer<SpecificRecord> serializer(Topic<T> topic,
                                                                                   SchemaRegistryClient registry) {
        Serializer<T> serializer = SpecificAvroSerde.forTopic(topic, registry, true).serializer();
        return (name, value) -> serializer.serialize(name, topic.valueClass().cast(value));
    }

    /** Every record, events and ticks, in the order to produce them. */
    public List<ProducerRecord<String, byte[]>> records() {
        return records;
    }

    /** Records in all: events plus ticks. */
    public long size() {
        return records.size();
    }

    public long events() {
        return events;
    }

    public long ticks() {
        return ticks;
    }

    /** Distinct client ids among the events. */
    public int clients() {
        return clients;
    }

    /** Serialised value bytes of the events (wire format included). */
    public long valueBytes() {
        return valueBytes;
    }
}
