package org.rapport.streams.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.internal.EpisodeCheckpoint;
import org.rapport.avro.internal.EpisodeState;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.testing.RandomHistory;
import org.rapport.streams.testing.TopologyFixture;
import org.rapport.streams.timeline.Episode;
import org.rapport.streams.timeline.Episodes;
import org.rapport.streams.timeline.ScoredSurvey;
import org.rapport.streams.timeline.SessionOutcome;

/**
 * SPEC §9's incremental path against a from-scratch recomputation: random histories are fed mostly in order with a
 * fifth of the events arriving late (so both paths run: facts folded into a checkpoint one by one, and episodes
 * folded again from their start), duplicates included; at the end every episode's stored checkpoint must equal the
 * fold of all its facts from scratch, and every episode must have one.
 */
class IncrementalMatchesFromScratchTest {

    private static final int LATE_IN_FIVE = 1;
    private static final int MAX_DELAY = 60;

    @Property(tries = 15)
    void everyEpisodeCheckpointIsTheFoldOfAllItsFactsFromScratch(@ForAll long seed) {
        try (TopologyFixture rapport = new TopologyFixture()) {
            for (RandomHistory.Item item : mostlyInOrderWithLateEvents(RandomHistory.generate(seed), new Random(seed))) {
                if (item.event() == null) {
                    rapport.tick(item.at().toString());
                } else {
                    rapport.send(item.event());
                }
            }
            rapport.tick(RandomHistory.END.toString());

            KeyValueStore<String, EpisodeState> states = rapport.store(ClientStores.EPISODES);
            KeyValueStore<String, EpisodeEvent> episodeEvents = rapport.store(ClientStores.EPISODE_EVENTS);
            KeyValueStore<String, AttendanceEvent> outcomes = rapport.store(ClientStores.OUTCOMES);
            KeyValueStore<String, SurveyEvent> surveys = rapport.store(ClientStores.SURVEYS);
            int checked = 0;
            try (KeyValueIterator<String, EpisodeState> all = states.all()) {
                while (all.hasNext()) {
                    var kv = all.next();
                    String clientId = kv.key.substring(0, kv.key.indexOf('|'));
                    long admittedAt = Long.parseLong(kv.key.substring(kv.key.indexOf('|') + 1));
                    Episodes.Result episodes = Episodes.build(clientId, values(episodeEvents, clientId));
                    Episode episode = episodes.episodes().stream()
                            .filter(e -> e.admittedAt().toEpochMilli() == admittedAt).findFirst().orElseThrow();
                    List<SessionOutcome> its = new ArrayList<>();
                    for (AttendanceEvent a : values(outcomes, clientId)) {
                        SessionOutcome o = SessionOutcome.of(a);
                        if (o != null && Episodes.at(episodes, o.at()).filter(episode::equals).isPresent()) {
                            its.add(o);
                        }
                    }
                    List<ScoredSurvey> itsSurveys = new ArrayList<>();
                    for (SurveyEvent s : values(surveys, clientId)) {
                        if (Episodes.at(episodes, s.getOccurredAt()).filter(episode::equals).isPresent()) {
                            itsSurveys.add(ClientFacts.scored(s));
                        }
                    }
                    EpisodeCheckpoint fromScratch = EpisodeFold.foldAll(clientId, episode, its, itsSurveys, Rules.defaults());
                    assertThat(kv.value.getCheckpoint()).as(kv.key).isEqualTo(fromScratch);
                    checked++;
                }
            }
            assertThat(checked).as("episodes checked").isPositive();
            assertThat(checked).as("every episode has a state").isEqualTo(episodeCount(episodeEvents));
        }
    }

    /** In time order, one event in ten sent twice, and one in five held back by up to 60 positions (so it is late). */
    private static List<RandomHistory.Item> mostlyInOrderWithLateEvents(List<RandomHistory.Item> history, Random random) {
        List<RandomHistory.Item> sorted = new ArrayList<>(history);
        sorted.sort(RandomHistory.Item.BY_TIME);
        List<RandomHistory.Item> out = new ArrayList<>();
        for (RandomHistory.Item item : sorted) {
            out.add(item);
            if (item.event() != null && random.nextInt(10) == 0) {
                out.add(item);
            }
        }
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i).event() != null && random.nextInt(5) < LATE_IN_FIVE) {
                RandomHistory.Item held = out.remove(i);
                out.add(Math.min(out.size(), i + 1 + random.nextInt(MAX_DELAY)), held);
            }
        }
        return out;
    }

    private static <V> List<V> values(KeyValueStore<String, V> store, String clientId) {
        List<V> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.range(ClientKeys.first(clientId), ClientKeys.last(clientId))) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    private static int episodeCount(KeyValueStore<String, EpisodeEvent> episodeEvents) {
        java.util.Set<String> clients = new java.util.TreeSet<>();
        try (KeyValueIterator<String, EpisodeEvent> it = episodeEvents.all()) {
            it.forEachRemaining(kv -> clients.add(kv.key.substring(0, kv.key.indexOf('|'))));
        }
        int n = 0;
        for (String clientId : clients) {
            n += Episodes.build(clientId, values(episodeEvents, clientId)).episodes().size();
        }
        return n;
    }
}
