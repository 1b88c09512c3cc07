package org.rapport.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    // SHA-256 of "abc" (FIPS 180-2 test vector).
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void hashesTokensAsLowerCaseHexSha256() {
        assertThat(TokenStore.sha256Hex("abc")).isEqualTo(ABC);
    }

    @Test
    void readsTheYamlListAndAuthenticatesByHash() throws Exception {
        Path file = dir.resolve("tokens.yaml");
        Files.writeString(file, """
                - name: clinic-7-ehr
                  sha256: %s
                  role: clinic:clinic-7
                - name: dr-who
                  sha256: %s
                  role: director:p1,p2
                """.formatted(ABC.toUpperCase(), TokenStore.sha256Hex("director-secret")));

        TokenStore store = TokenStore.load(file);

        assertThat(store.authenticate("abc")).contains(new Principal("clinic-7-ehr", Role.clinic("clinic-7")));
        assertThat(store.authenticate(" director-secret ").orElseThrow().programs()).isEqualTo(Set.of("p1", "p2"));
        assertThat(store.authenticate("abd")).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate(ABC)).as("the hash itself is not a token").isEmpty();
    }

    @Test
    void savesOnlyHashesAndReadsThemBack() throws Exception {
        Path file = dir.resolve("sub/tokens.yaml");
        TokenStore.of(List.of(new TokenEntry("ops", TokenStore.sha256Hex("s3cret"), "admin"))).save(file);

        assertThat(Files.readString(file)).doesNotContain("s3cret").contains(TokenStore.sha256Hex("s3cret"));
        assertThat(TokenStore.load(file).authenticate("s3cret").orElseThrow().isAdmin()).isTrue();
    }

    @Test
    void rejectsBrokenEntriesNamingThem() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "- name: x\n  sha256: 1234\n  role: admin\n");
        assertThatThrownBy(() -> TokenStore.load(file)).hasMessageContaining("token entry 1 'x'")
                .hasMessageContaining("64 hex digits");

        Files.writeString(file, "- name: x\n  sha256: " + ABC + "\n  role: boss\n");
        assertThatThrownBy(() -> TokenStore.load(file)).hasMessageContaining("unknown role 'boss'");

        assertThatThrownBy(() -> TokenStore.of(List.of(new TokenEntry("a", ABC, "admin"),
                new TokenEntry("b", ABC, "researcher")))).hasMessageContaining("twice");
    }

    @Test
    void aTokensFileWithAnIdOutsideTheAlphabetOrAForgingNameDoesNotLoad() throws Exception {
        Path file = dir.resolve("hostile.yaml");
        Files.writeString(file, "- name: evil\n  sha256: " + ABC + "\n  role: \"director:north-op|evil\"\n");
        assertThatThrownBy(() -> TokenStore.load(file)).hasMessageContaining("token entry 1 'evil'")
                .hasMessageContaining("U+007C '|' at position 9 is not allowed");

        Files.writeString(file, "- name: \"ops\\nWARN denied who=demo-admin\"\n  sha256: " + ABC + "\n  role: admin\n");
        assertThatThrownBy(() -> TokenStore.load(file))
                .hasMessageContaining("token entry 1: name must hold printable characters only; U+000A at position 4");
    }

    @Test
    void aKeyTwiceInOneEntryIsRefusedNotLastOneWins() throws Exception {
        Path file = dir.resolve("twice.yaml");
        Files.writeString(file, "- name: x\n  sha256: " + ABC + "\n  role: researcher\n  role: admin\n");
        assertThatThrownBy(() -> TokenStore.load(file)).hasMessageContaining("Duplicate field 'role'");
    }

    @Test
    void demoTokensAreOnePerRolePrintedOnceAndStoredHashed() throws Exception {
        Path file = dir.resolve("demo/tokens.yaml");
        Map<String, String> tokens = DemoTokens.createIfMissing(file, "clinic-a", Set.of("p1", "p2"));

        assertThat(tokens.keySet()).containsExactly("clinic:clinic-a", "director:p1,p2", "researcher", "admin");
        TokenStore store = TokenStore.load(file);
        String text = Files.readString(file);
        tokens.forEach((role, token) -> {
            assertThat(token).startsWith("rpt_").hasSize(4 + 43);
            assertThat(text).doesNotContain(token);
            assertThat(store.authenticate(token).orElseThrow().role().toString()).isEqualTo(role);
        });
        assertThat(DemoTokens.createIfMissing(file, "clinic-a", Set.of("p1"))).as("second start").isEmpty();
    }
}
