package org.rapport.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.platform.registry.RegistryHttp.schemaBody;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.registry.RegistryHttp.Answer;

/** The REST subset, exercised with requests shaped like the Confluent API documentation's examples. */
class EmbeddedSchemaRegistryTest {

    private static final String CT = EmbeddedSchemaRegistry.CONTENT_TYPE;
    private static final String PAYMENT_V1 = """
            {"type":"record","name":"Payment","namespace":"test","fields":[{"name":"id","type":"string"}]}""";
    /** v1 plus a field with a default: readable by and able to read v1. */
    private static final String PAYMENT_V2 = """
            {"type":"record","name":"Payment","namespace":"test","fields":[{"name":"id","type":"string"},
             {"name":"amount","type":"double","default":0.0}]}""";
    /** v1 plus a field without a default: cannot read v1 data. */
    private static final String PAYMENT_BAD = """
            {"type":"record","name":"Payment","namespace":"test","fields":[{"name":"id","type":"string"},
             {"name":"amount","type":"double"}]}""";

    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;
    static EmbeddedSchemaRegistry registry;
    static RegistryHttp http;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(dataDir, 0);
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        http = new RegistryHttp(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void registersOnceAndServesTheSchemaBySubjectVersionAndId() {
        Answer first = http.post("/subjects/payments-value/versions", schemaBody(PAYMENT_V1));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith(CT);
        int id = first.body().get("id").asInt();
        assertThat(id).isPositive();
        // The same schema again, even formatted differently and sent as plain JSON: the same id, no new version.
        Answer again = http.post("/subjects/payments-value/versions",
                schemaBody(PAYMENT_V1.replace(",", " ,  ")), "application/json");
        assertThat(again.body().get("id").asInt()).isEqualTo(id);

        assertThat(http.get("/subjects").body()).extracting(Object::toString).asString().contains("\"payments-value\"");
        assertThat(http.get("/subjects/payments-value/versions").body().toString()).isEqualTo("[1]");
        Answer v1 = http.get("/subjects/payments-value/versions/1");
        assertThat(v1.body().get("subject").asText()).isEqualTo("payments-value");
        assertThat(v1.body().get("version").asInt()).isEqualTo(1);
        assertThat(v1.body().get("id").asInt()).isEqualTo(id);
        assertThat(v1.body().get("schema").asText()).isEqualTo(
                "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
        assertThat(http.get("/subjects/payments-value/versions/latest").body()).isEqualTo(v1.body());
        assertThat(http.get("/schemas/ids/" + id).body().get("schema").asText()).isEqualTo(v1.body().get("schema").asText());

        Answer lookedUp = http.post("/subjects/payments-value", schemaBody(PAYMENT_V1));
        assertThat(lookedUp.status()).isEqualTo(200);
        assertThat(lookedUp.body()).isEqualTo(v1.body());
    }

    @Test
    void idsAreGlobalAndNeverReused() {
        String schema = "{\"type\":\"record\",\"name\":\"Shared\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
        int a = http.post("/subjects/shared-a-value/versions", schemaBody(schema)).body().get("id").asInt();
        int b = http.post("/subjects/shared-b-value/versions", schemaBody(schema)).body().get("id").asInt();
        assertThat(b).isEqualTo(a);
        int other = http.post("/subjects/shared-c-value/versions", schemaBody("\"string\"")).body().get("id").asInt();
        assertThat(other).isGreaterThan(a);
    }

    @Test
    void compatibleEvolutionAddsAVersionAndIncompatibleIsRefusedWith409() {
        int v1 = http.post("/subjects/evolving-value/versions", schemaBody(PAYMENT_V1)).body().get("id").asInt();

        Answer check = http.post("/compatibility/subjects/evolving-value/versions/latest", schemaBody(PAYMENT_BAD));
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().toString()).isEqualTo("{\"is_compatible\":false}");
        assertThat(http.post("/compatibility/subjects/evolving-value/versions/latest", schemaBody(PAYMENT_V2))
                .body().toString()).isEqualTo("{\"is_compatible\":true}");

        Answer refused = http.post("/subjects/evolving-value/versions", schemaBody(PAYMENT_BAD));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("error_code").asInt()).isEqualTo(409);

        int v2 = http.post("/subjects/evolving-value/versions", schemaBody(PAYMENT_V2)).body().get("id").asInt();
        assertThat(v2).isGreaterThan(v1);
        assertThat(http.get("/subjects/evolving-value/versions").body().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/evolving-value/versions/latest").body().get("id").asInt()).isEqualTo(v2);
    }

    @Test
    void transitiveLevelsCheckEveryVersionNotOnlyTheLatest() {
        String v1 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}]}";
        String v2 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[]}";
        // Reads v2 data (f defaults to 0) but not v1 data (f is a string there).
        String v3 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"f\",\"type\":\"int\",\"default\":0}]}";
        http.post("/subjects/transitive-value/versions", schemaBody(v1));
        http.post("/subjects/transitive-value/versions", schemaBody(v2));
        assertThat(http.post("/subjects/transitive-value/versions", schemaBody(v3)).status()).isEqualTo(409);

        Answer set = http.put("/config/transitive-value", "{\"compatibility\": \"BACKWARD\"}");
        assertThat(set.body().toString()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
        Answer accepted = http.post("/subjects/transitive-value/versions", schemaBody(v3));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(http.get("/subjects/transitive-value/versions").body().toString()).isEqualTo("[1,2,3]");
    }

    @Test
    void configIsGlobalWithPerSubjectOverrides() {
        assertThat(http.get("/config").body().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}");
        Answer unset = http.get("/config/unconfigured-value");
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.body().get("error_code").asInt()).isEqualTo(40408);
        assertThat(http.get("/config/unconfigured-value?defaultToGlobal=true").body().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD_TRANSITIVE");

        http.post("/subjects/free-value/versions", schemaBody(PAYMENT_V1));
        assertThat(http.put("/config/free-value", "{\"compatibility\":\"NONE\"}").status()).isEqualTo(200);
        assertThat(http.get("/config/free-value").body().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.post("/subjects/free-value/versions", schemaBody(PAYMENT_BAD)).status()).isEqualTo(200);

        Answer invalid = http.put("/config/free-value", "{\"compatibility\":\"SOMETIMES\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void errorsCarryConfluentStatusesAndCodes() {
        http.post("/subjects/known-value/versions", schemaBody(PAYMENT_V1));

        assertError(http.get("/subjects/unknown-value/versions"), 404, 40401);
        assertError(http.get("/subjects/unknown-value/versions/latest"), 404, 40401);
        assertError(http.post("/subjects/unknown-value", schemaBody(PAYMENT_V1)), 404, 40401);
        assertError(http.get("/subjects/known-value/versions/7"), 404, 40402);
        assertError(http.get("/subjects/known-value/versions/abc"), 422, 42202);
        assertError(http.get("/subjects/known-value/versions/0"), 422, 42202);
        assertError(http.get("/schemas/ids/99999"), 404, 40403);
        assertError(http.post("/subjects/known-value", schemaBody(PAYMENT_V2)), 404, 40403);
        assertError(http.post("/subjects/known-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}")), 422, 42201);
        assertError(http.post("/subjects/known-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}"), 422, 42201);
        assertError(http.post("/subjects/known-value/versions", "{}"), 422, 42201);
    }

    private static void assertError(Answer answer, int status, int code) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith(CT);
        assertThat(answer.body().get("error_code").asInt()).isEqualTo(code);
        assertThat(answer.body().get("message").asText()).isNotBlank();
    }
}
