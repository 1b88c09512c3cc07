package org.rapport.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final String SUBJECT = "rapport.sessions.v1-value";
    private static final Schema V1 = SchemaBuilder.record("Visit").namespace("test").fields()
            .requiredString("id").endRecord();
    /** V1 plus an optional field: BACKWARD compatible. */
    private static final Schema V2 = SchemaBuilder.record("Visit").namespace("test").fields()
            .requiredString("id").optionalInt("minutes").endRecord();
    /** V1 plus a required field without default: not BACKWARD compatible. */
    private static final Schema INCOMPATIBLE = SchemaBuilder.record("Visit").namespace("test").fields()
            .requiredString("id").requiredInt("minutes").endRecord();

    private RegistryDouble registry;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = new RegistryDouble(7);
        client = new HttpSchemaRegistryClient(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersOnceAndServesRepeatsFromItsCache() {
        assertThat(client.register(SUBJECT, V1)).isEqualTo(7);
        assertThat(client.register(SUBJECT, V1)).isEqualTo(7);
        assertThat(client.idOf(SUBJECT, V1)).isEqualTo(7);
        assertThat(client.schemaById(7)).isEqualTo(V1);

        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.sessions.v1-value/versions");
        assertThat(registry.contentTypes()).containsExactly("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void fetchesASchemaByIdOnce() {
        int id = registry.registerDirectly(SUBJECT, V2);

        assertThat(client.schemaById(id)).isEqualTo(V2);
        assertThat(client.schemaById(id)).isEqualTo(V2);
        assertThat(registry.requests()).containsExactly("GET /schemas/ids/7");
    }

    @Test
    void looksUpTheIdOfARegisteredSchemaWithoutRegistering() {
        registry.registerDirectly(SUBJECT, V1);
        registry.registerDirectly(SUBJECT, V2);

        assertThat(client.idOf(SUBJECT, V2)).isEqualTo(8);
        assertThat(client.idOf(SUBJECT, V2)).isEqualTo(8);
        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.sessions.v1-value");
    }

    @Test
    void lookingUpAnUnregisteredSchemaFailsWithConfluentsErrorCodes() {
        registry.registerDirectly(SUBJECT, V1);

        assertThatThrownBy(() -> client.idOf(SUBJECT, V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isNotFound()).isTrue();
                });
        assertThatThrownBy(() -> client.idOf("rapport.unknown.v1-value", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessageContaining("Subject 'rapport.unknown.v1-value' not found.");
    }

    @Test
    void anUnknownIdIsA404WithErrorCode40403NamingTheRegistry() {
        assertThatThrownBy(() -> client.schemaById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                })
                .hasMessage("Schema registry " + registry.url()
                        + " answered HTTP 404 (error_code 40403: Schema 42 not found) to GET /schemas/ids/42");
    }

    @Test
    void answersTheLatestVersionOfASubject() {
        registry.registerDirectly(SUBJECT, V1);
        registry.registerDirectly(SUBJECT, V2);

        assertThat(client.latest(SUBJECT)).isEqualTo(new RegisteredSchema(SUBJECT, 8, 2, V2));
        assertThat(client.schemaById(8)).isEqualTo(V2);
        assertThat(registry.requests()).containsExactly("GET /subjects/rapport.sessions.v1-value/versions/latest");
    }

    @Test
    void checksCompatibilityAgainstTheLatestVersion() {
        assertThat(client.checkCompatibility(SUBJECT, V1).compatible()).as("no versions yet").isTrue();
        registry.registerDirectly(SUBJECT, V1);

        assertThat(client.checkCompatibility(SUBJECT, V2)).isEqualTo(new CompatibilityResult(true, java.util.List.of()));
        CompatibilityResult incompatible = client.checkCompatibility(SUBJECT, INCOMPATIBLE);
        assertThat(incompatible.compatible()).isFalse();
        assertThat(incompatible.messages()).hasSize(1);
        assertThat(registry.requests()).contains(
                "POST /compatibility/subjects/rapport.sessions.v1-value/versions/latest?verbose=true");
    }

    @Test
    void aRejectedRegistrationCarriesStatusAndMessage() {
        client.register(SUBJECT, V1);

        assertThatThrownBy(() -> client.register(SUBJECT, INCOMPATIBLE))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void aRegistryThatIsDownGivesAClearMessageNamingTheUrl() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(down, Duration.ofSeconds(2),
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.UNREACHABLE);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
                    assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
                })
                .hasMessageStartingWith("Schema registry not reachable at " + down + " (ConnectException")
                .hasMessageEndingWith("is it running, and is schema.registry.url right?");
    }

    @Test
    void failsOverToTheNextUrlWhenOneIsDown() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        HttpSchemaRegistryClient failover = new HttpSchemaRegistryClient(down + " , " + registry.url() + "/");

        assertThat(failover.register(SUBJECT, V1)).isEqualTo(7);
        assertThat(failover.register("other-value", V1)).isEqualTo(7);
        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.sessions.v1-value/versions",
                "POST /subjects/other-value/versions");
    }

    @Test
    void listsEveryUrlWhenNoneAnswers() throws IOException {
        String first = "http://127.0.0.1:" + closedPort();
        String second = "http://127.0.0.1:" + closedPort();

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(first + "," + second).latest(SUBJECT))
                .hasMessageContaining(first + " (").hasMessageContaining(", " + second + " (");
    }

    @Test
    void sendsBasicAuthFromTheUrlsUserInfoAndHidesItInMessages() {
        String withCredentials = registry.url().replace("http://", "http://key:s%40cret@");
        HttpSchemaRegistryClient authenticated = new HttpSchemaRegistryClient(withCredentials);

        assertThatThrownBy(() -> authenticated.schemaById(3)).hasMessageNotContaining("cret");
        // base64("key:s@cret")
        assertThat(registry.authorizations()).containsExactly("Basic a2V5OnNAY3JldA==");
    }

    @Test
    void rejectsUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url is empty");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost:8081'");
    }

    /** A port nobody listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
