package org.rapport.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.platform.registry.RegistryHttp.schemaBody;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.topics.Topics;

class SchemaRegistryRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void idsVersionsAndConfigSurviveARestartOfRegistryAndBroker() {
        Map<String, Integer> firstIds;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0)) {
            firstIds = registry.registerAll(Topics.ALL);
            // A fresh registry hands out 1, 2, 3... in registration order: every topic's schema is distinct.
            assertThat(firstIds.values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            assertThat(firstIds.keySet()).first().isEqualTo("rapport.episodes.v1-value");
            RegistryHttp http = new RegistryHttp(registry.url());
            assertThat(http.post("/subjects/extra-value/versions", schemaBody("\"long\"")).body().get("id").asInt())
                    .isEqualTo(14);
            http.put("/config", "{\"compatibility\":\"FULL\"}");
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            // Read back from _schemas before anything is registered again.
            assertThat(http.get("/subjects").body()).hasSize(14);
            assertThat(http.get("/schemas/ids/14").body().get("schema").asText()).isEqualTo("\"long\"");
            assertThat(registry.registerAll(Topics.ALL)).isEqualTo(firstIds);
            assertThat(http.get("/subjects/rapport.surveys.v1-value/versions").body().toString()).isEqualTo("[1]");
            assertThat(http.get("/subjects/rapport.surveys.v1-value/versions/1").body().get("id").asInt())
                    .isEqualTo(firstIds.get("rapport.surveys.v1-value"));
            assertThat(http.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
            // Ids are never reused: the next new schema gets 15.
            assertThat(http.post("/subjects/new-value/versions", schemaBody("\"double\"")).body().get("id").asInt())
                    .isEqualTo(15);
        }
    }
}
