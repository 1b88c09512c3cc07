package org.rapport.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.avro.LevelOfCare;
import org.rapport.config.RapportConfig;

class ProgramRegistryTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("programs.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsOwnersNamesAndDefaultLevelsInFileOrder() throws Exception {
        ProgramRegistry registry = ProgramRegistry.load(write("""
                - id: north-op
                  clinic: clinic-north
                  name: North Outpatient
                  level_of_care: OUTPATIENT
                - {id: south-res, clinic: clinic-south, level_of_care: residential}
                """));

        assertThat(registry.restricted()).isTrue();
        assertThat(registry.programs()).containsExactly(
                new Program("north-op", "clinic-north", "North Outpatient", LevelOfCare.OUTPATIENT),
                new Program("south-res", "clinic-south", "south-res", LevelOfCare.RESIDENTIAL));
    }

    @Test
    void anotherClinicsProgramIsForeignAndAnUnregisteredOneUnknown() {
        ProgramRegistry registry = ProgramRegistry.of(List.of(
                new Program("north-op", "clinic-north", "North Outpatient", LevelOfCare.OUTPATIENT)));

        assertThat(registry.refusal("clinic-north", "north-op")).isEmpty();
        assertThat(registry.refusal("clinic-south", "north-op")).hasValueSatisfying(r -> {
            assertThat(r.foreign()).isTrue();
            assertThat(r.problem()).isEqualTo("program 'north-op' belongs to clinic clinic-north, not to clinic-south");
        });
        assertThat(registry.refusal("clinic-north", "north-iop")).hasValueSatisfying(r -> {
            assertThat(r.foreign()).isFalse();
            assertThat(r.problem()).isEqualTo(
                    "unknown program 'north-iop': it is not in the program registry (programs.file)");
        });
    }

    @Test
    void withoutAFileEveryProgramIsAccepted() {
        ProgramRegistry registry = ProgramRegistry.fromConfig(RapportConfig.defaults());

        assertThat(registry.restricted()).isFalse();
        assertThat(registry.refusal("clinic-south", "north-op")).isEmpty();
    }

    @Test
    void saveWritesWhatLoadReads() {
        ProgramRegistry registry = ProgramRegistry.of(List.of(
                new Program("east-otp", "clinic-east", "East Opioid Treatment: Methadone & Buprenorphine", LevelOfCare.OTP),
                new Program("east-op", "clinic-east", "East Outpatient", LevelOfCare.OUTPATIENT)));
        Path file = dir.resolve("sub/programs.yaml");

        registry.save(file);

        assertThat(ProgramRegistry.fromConfig(RapportConfig.defaults().with("programs.file", file.toString()))
                .programs()).isEqualTo(registry.programs());
    }

    @Test
    void everyMistakeOfTheFileNamesItsEntry() throws Exception {
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, clinic: c, level_of_care: OTP}\n"
                + "- {id: a, clinic: d, level_of_care: OTP}\n"))).hasMessageContaining("program 'a' is declared twice");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, clinic: c}\n")))
                .hasMessageContaining("entry 1 'a': level_of_care is missing; one of OUTPATIENT|INTENSIVE_OUTPATIENT|RESIDENTIAL|OTP");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, clinic: c, level_of_care: DETOX}\n")))
                .hasMessageContaining("entry 1 'a': level_of_care 'DETOX' is not one of");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: 'a|b', clinic: c, level_of_care: OTP}\n")))
                .hasMessageContaining("entry 1 'a|b': id must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, clinic: 'c:d', level_of_care: OTP}\n")))
                .hasMessageContaining("entry 1 'a': clinic must be 1-64 characters of A-Z a-z 0-9 . _ -");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, level_of_care: OTP}\n")))
                .hasMessageContaining("entry 1 'a': clinic is missing");
        assertThatThrownBy(() -> ProgramRegistry.load(write("- {id: a, clinic: c, owner: x, level_of_care: OTP}\n")))
                .hasMessageContaining("Cannot read programs file").hasMessageContaining("owner");
        assertThatThrownBy(() -> ProgramRegistry.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("Cannot read programs file");
    }
}
