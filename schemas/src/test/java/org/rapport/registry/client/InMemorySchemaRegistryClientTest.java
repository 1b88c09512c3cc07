package org.rapport.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final Schema V1 = SchemaBuilder.record("Visit").fields().requiredString("id").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Visit").fields().requiredString("id")
            .name("minutes").type().intType().intDefault(0).endRecord();
    /** Reads V2 data (minutes is there) but not V1 data: only a transitive check rejects it. */
    private static final Schema V3 = SchemaBuilder.record("Visit").fields().requiredString("id")
            .requiredInt("minutes").endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void idsAreRegistryWideAndVersionsPerSubject() {
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V1)).isEqualTo(1);
        assertThat(registry.register("a-value", V2)).isEqualTo(2);
        assertThat(registry.register("b-value", V2)).isEqualTo(2);

        assertThat(registry.idOf("a-value", V2)).isEqualTo(2);
        assertThat(registry.schemaById(1)).isEqualTo(V1);
        assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", 2, 2, V2));
        assertThat(registry.latest("b-value")).isEqualTo(new RegisteredSchema("b-value", 2, 1, V2));
    }

    @Test
    void missesFailLikeConfluent() {
        registry.register("a-value", V1);

        assertThatThrownBy(() -> registry.schemaById(9)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.idOf("a-value", V2)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.latest("b-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40401));
    }

    @Test
    void enforcesBackwardTransitiveCompatibility() {
        registry.register("a-value", V1);
        registry.register("a-value", V2);

        assertThat(registry.checkCompatibility("a-value", V3).compatible()).isFalse();
        assertThat(registry.checkCompatibility("a-value", V3).messages()).singleElement().asString()
                .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against schema id 1)");
        assertThatThrownBy(() -> registry.register("a-value", V3)).isInstanceOfSatisfying(
                SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThat(registry.checkCompatibility("new-value", V3).compatible()).isTrue();
    }
}
