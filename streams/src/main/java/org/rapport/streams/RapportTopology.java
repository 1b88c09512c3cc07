package org.rapport.streams;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.rapport.avro.Alert;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.streams.client.ClientProcessor;
import org.rapport.streams.clinicfeed.ClinicFeedTopology;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.client.Derived;
import org.rapport.streams.indicators.alliance.AllianceOutcomeTopology;
import org.rapport.streams.indicators.cohorts.CohortTopology;
import org.rapport.streams.indicators.counselor.CounselorAllianceTopology;
import org.rapport.streams.indicators.sessions.SessionTable;
import org.rapport.streams.indicators.training.TrainingEffectsTopology;
import org.rapport.streams.indicators.weekly.ProgramWeeklyTopology;
import org.rapport.streams.ingest.EventTimeExtractor;
import org.rapport.streams.ingest.InputValidator;
import org.rapport.streams.rules.Rules;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;

/**
 * Rapport's whole topology, read top to bottom like SPEC §5: the client events are validated, folded into
 * each client's history and turned into client status and alerts; the fact rows the client processor
 * derives feed one aggregate per indicator family.
 */
public final class RapportTopology {

    private final Rules rules;
    private final EventValidator validator;
    private final TopicSerdes serdes;
    private final Clock wallClock;

    public RapportTopology(Rules rules, EventValidator validator, TopicSerdes serdes, Clock wallClock) {
        this.rules = rules;
        this.validator = validator;
        this.serdes = serdes;
        this.wallClock = wallClock;
    }

    /** The topology built with Kafka Streams' optimizations, as {@link StreamsSettings} asks for them. */
    public Topology build() {
        Properties props = new Properties();
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        return build(props);
    }

    /** The topology built with the application's properties, so that its optimization setting is applied. */
    public Topology build(Properties props) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, TrainingEvent> trainings =
                new org.rapport.streams.trainings.TrainingSource(serdes, validator, wallClock).addTo(builder);
        KStream<String, SpecificRecord> clientEvents = clientEvents(builder);
        ClientStores.all().forEach(builder::addStateStore);
        KStream<String, Derived> derived = clientEvents.process(() -> new ClientProcessor(rules), Named.as("client-state"),
                ClientStores.names());

        Map<String, KStream<String, Derived>> byKind = derived.split(Named.as("derived-"))
                .branch((k, v) -> v.kind() == Derived.Kind.STATUS, Branched.as("status"))
                .branch((k, v) -> v.kind() == Derived.Kind.ALERT, Branched.as("alert"))
                .branch((k, v) -> v.kind() == Derived.Kind.WEEKLY_FACT, Branched.as("weekly"))
                .branch((k, v) -> v.kind() == Derived.Kind.WEEKLY_SESSION_FACT, Branched.as("weekly-session"))
                .branch((k, v) -> v.kind() == Derived.Kind.EPISODE_FACT, Branched.as("episode"))
                .branch((k, v) -> v.kind() == Derived.Kind.ALLIANCE_FACT, Branched.as("alliance"))
                .branch((k, v) -> v.kind() == Derived.Kind.ALLIANCE_SESSION_FACT, Branched.as("alliance-session"))
                .branch((k, v) -> v.kind() == Derived.Kind.COUNSELOR_FACT, Branched.as("counselor"))
                .branch((k, v) -> v.kind() == Derived.Kind.TRAINING_CONTRIBUTION, Branched.as("training"))
                .noDefaultBranch();

        byKind.get("derived-status").mapValues(v -> v.as(ClientStatus.class), Named.as("status-values"))
                .to(Topics.CLIENT_STATUS.name(), produced(Topics.CLIENT_STATUS));
        byKind.get("derived-alert").mapValues(v -> v.as(Alert.class), Named.as("alert-values"))
                .to(Topics.ALERTS.name(), produced(Topics.ALERTS));
        new ProgramWeeklyTopology(serdes).addTo(byKind.get("derived-weekly"), byKind.get("derived-weekly-session"));
        new CohortTopology(serdes, rules).addTo(byKind.get("derived-episode"));
        KStream<String, SessionEvent> sessions = sessions(builder);
        KTable<String, SessionEvent> sessionTable = SessionTable.of(sessions);
        new AllianceOutcomeTopology(serdes, rules).addTo(byKind.get("derived-alliance"),
                byKind.get("derived-alliance-session"), sessionTable);
        new CounselorAllianceTopology(serdes).addTo(byKind.get("derived-counselor"), sessionTable);
        new TrainingEffectsTopology(serdes, rules).addTo(builder, byKind.get("derived-training"), sessionTable,
                trainings);
        new ClinicFeedTopology(serdes).addTo(builder, clientEvents, sessions, trainings);
        return builder.build(props);
    }

    /** The three client-keyed input topics, read with event time and validated. */
    private KStream<String, SpecificRecord> clientEvents(StreamsBuilder builder) {
        KStream<String, SpecificRecord> merged = null;
        for (Topic<? extends SpecificRecord> topic : List.of(Topics.EPISODES, Topics.ATTENDANCE, Topics.SURVEYS)) {
            KStream<String, SpecificRecord> stream = source(builder, topic);
            merged = merged == null ? stream : merged.merge(stream);
        }
        return merged.processValues(() -> new InputValidator(validator, wallClock), Named.as("validate"));
    }

    /** The sessions topic (keyed by session_id), validated; ticks pass as null values. */
    private KStream<String, SessionEvent> sessions(StreamsBuilder builder) {
        return source(builder, Topics.SESSIONS)
                .processValues(() -> new InputValidator(validator, wallClock), Named.as("validate-sessions"))
                .mapValues(v -> (SessionEvent) v, Named.as("session-values"));
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> KStream<String, SpecificRecord> source(StreamsBuilder builder, Topic<V> topic) {
        return (KStream<String, SpecificRecord>) builder.stream(topic.name(),
                Consumed.with(Serdes.String(), serdes.of(topic)).withTimestampExtractor(new EventTimeExtractor())
                        .withName("read-" + topic.name()));
    }

    private <V extends SpecificRecord> Produced<String, V> produced(Topic<V> topic) {
        return Produced.with(Serdes.String(), serdes.of(topic)).withName("write-" + topic.name());
    }
}
