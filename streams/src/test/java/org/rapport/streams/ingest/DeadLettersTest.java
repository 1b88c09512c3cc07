package org.rapport.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.rapport.registry.client.SchemaRegistryException;

class DeadLettersTest {

    /** Issue 11: the reason of a record with an unknown schema id said the registry's answer twice. */
    @Test
    void aCauseQuotedByItsWrapperIsSaidOnce() {
        SchemaRegistryException registry = new SchemaRegistryException(404, 40403, "Schema registry "
                + "http://127.0.0.1:8081 answered HTTP 404 (error_code 40403: Schema 99 not found) to GET /schemas/ids/99",
                null);
        SerializationException wrapped = new SerializationException("Record on topic rapport.surveys.v1 has unknown "
                + "schema id 99: " + registry.getMessage(), registry);

        assertThat(DeadLetters.describe(wrapped)).isEqualTo("Record on topic rapport.surveys.v1 has unknown schema id "
                + "99: Schema registry http://127.0.0.1:8081 answered HTTP 404 (error_code 40403: Schema 99 not found) "
                + "to GET /schemas/ids/99");
    }

    @Test
    void causesThatAddSomethingAreKeptInOrder() {
        Exception root = new IllegalStateException("broker down");
        Exception wrapper = new RuntimeException("could not write", root);

        assertThat(DeadLetters.describe(wrapper)).isEqualTo("could not write: broker down");
        assertThat(DeadLetters.describe(new RuntimeException((String) null))).isEqualTo("RuntimeException");
    }
}
