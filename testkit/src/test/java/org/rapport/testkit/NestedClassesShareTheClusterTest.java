package org.rapport.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NestedClassesShareTheClusterTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();
    static String outerBootstrap;

    @BeforeAll
    static void remember() {
        outerBootstrap = CLUSTER.bootstrapServers();
    }

    @Test
    void outer() {
        assertThat(CLUSTER.bootstrapServers()).isEqualTo(outerBootstrap);
    }

    @Nested
    class Inner {
        @Test
        void seesTheSameClusterStillRunning() throws Exception {
            // Without sharing, the nested class would get a second broker on another port.
            assertThat(CLUSTER.bootstrapServers()).isEqualTo(outerBootstrap);
            try (var admin = CLUSTER.admin()) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        }
    }
}
