package org.rapport.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void parsesEachKindAndPrintsItBack() {
        assertThat(Role.parse("clinic:clinic-7")).isEqualTo(new Role(Role.Kind.CLINIC, "clinic-7", Set.of()));
        assertThat(Role.parse(" director: p2 ,p1 ").programs()).containsExactlyInAnyOrder("p1", "p2");
        assertThat(Role.parse("director:p2,p1").toString()).isEqualTo("director:p1,p2");
        assertThat(Role.parse("researcher").kind()).isEqualTo(Role.Kind.RESEARCHER);
        assertThat(Role.parse("admin").toString()).isEqualTo("admin");
    }

    @Test
    void refusesMalformedRoles() {
        assertThatThrownBy(() -> Role.parse("clinic:")).hasMessageContaining("clinic id missing");
        assertThatThrownBy(() -> Role.parse("director: , ")).hasMessageContaining("at least one program");
        assertThatThrownBy(() -> Role.parse("admin:x")).hasMessageContaining("takes no argument");
        assertThatThrownBy(() -> Role.parse("superuser")).hasMessageContaining("unknown role 'superuser'");
        assertThatThrownBy(() -> Role.parse("")).hasMessageContaining("missing");
    }

    @Test
    void roleIdsFollowTheIdAlphabet() {
        assertThatThrownBy(() -> Role.parse("director:north-op|evil"))
                .hasMessage("program id of role must be 1-64 characters of A-Z a-z 0-9 . _ : -; "
                        + "U+007C '|' at position 9 is not allowed");
        assertThatThrownBy(() -> Role.parse("director:p1,p\u202E2")).hasMessageContaining("U+202E at position 2");
        assertThatThrownBy(() -> Role.parse("clinic:north\u0000")).hasMessageContaining("U+0000 at position 6");
        assertThatThrownBy(() -> Role.parse("clinic:a:b")).as("no colon in clinic ids")
                .hasMessageContaining("U+003A ':' at position 2");
        assertThat(Role.parse("director:north.op:2026").programs()).containsExactly("north.op:2026");
    }

    @Test
    void permissionMatrix() {
        Principal clinic = new Principal("c", Role.clinic("c1"));
        Principal director = new Principal("d", Role.director(Set.of("p1", "p2")));
        Principal researcher = new Principal("r", Role.researcher());
        Principal admin = new Principal("a", Role.admin());

        assertThat(clinic.canWriteClinic("c1")).isTrue();
        assertThat(clinic.canWriteClinic("c2")).isFalse();
        assertThat(director.canWriteClinic("c1")).isFalse();
        assertThat(researcher.canWriteEvents()).isFalse();
        assertThat(admin.canWriteClinic("any")).isTrue();

        assertThat(clinic.canTick()).isFalse();
        assertThat(admin.canTick()).isTrue();

        assertThat(director.canReadProgram("p2")).isTrue();
        assertThat(director.canReadProgram("p3")).isFalse();
        assertThat(clinic.canReadProgram("p1")).isFalse();
        assertThat(researcher.canReadProgram("p1")).isFalse();
        assertThat(admin.canReadProgram("p3")).isTrue();

        assertThat(researcher.canReadResearch()).isTrue();
        assertThat(director.canReadResearch()).isTrue();
        assertThat(admin.canReadResearch()).isTrue();
        assertThat(clinic.canReadResearch()).isFalse();
        assertThat(researcher.canReadPrograms()).isFalse();
    }
}
