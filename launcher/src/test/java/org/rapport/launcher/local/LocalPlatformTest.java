package org.rapport.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapport.config.RapportConfig;

class LocalPlatformTest {

    private final List<String> events = new ArrayList<>();

    @Test
    void startsInOrderPassingConfigAlongAndStopsInReverse() {
        LocalPlatform platform = new LocalPlatform(RapportConfig.defaults(), List.of(
                new Recording("a", "127.0.0.1:1111", false), new Recording("b", null, false)));
        RapportConfig config = platform.start();
        assertThat(config.string("bootstrap.servers")).isEqualTo("127.0.0.1:1111");
        assertThat(platform.summary()).contains("a runs", "b runs", "bootstrap.servers = 127.0.0.1:1111");
        platform.close();
        platform.close();
        // b saw what a added to the configuration.
        assertThat(events).containsExactly("start a", "start b with 127.0.0.1:1111", "stop b", "stop a");
    }

    @Test
    void aFailedStartStopsWhatAlreadyRunsAndNamesTheCulprit() {
        LocalPlatform platform = new LocalPlatform(RapportConfig.defaults(), List.of(
                new Recording("a", null, false), new Recording("b", null, true), new Recording("c", null, false)));
        assertThatThrownBy(platform::start).hasMessageContaining("Cannot start b: b is broken");
        assertThat(events).containsExactly("start a", "start b with 127.0.0.1:9092", "stop a");
    }

    private final class Recording implements Component {
        private final String name;
        private final String bootstrap;
        private final boolean fails;

        Recording(String name, String bootstrap, boolean fails) {
            this.name = name;
            this.bootstrap = bootstrap;
            this.fails = fails;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RapportConfig start(RapportConfig config) {
            events.add(events.isEmpty() ? "start " + name : "start " + name + " with " + config.string("bootstrap.servers"));
            if (fails) {
                throw new IllegalStateException(name + " is broken");
            }
            return bootstrap == null ? config : config.with("bootstrap.servers", bootstrap);
        }

        @Override
        public List<String> describe() {
            return List.of(name + " runs");
        }

        @Override
        public void stop() {
            events.add("stop " + name);
        }
    }
}
