package org.rapport.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.config.RapportConfig;
import org.rapport.programs.ProgramRegistry;
import org.rapport.simulator.Simulator;

class ProgramsComponentTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLocalStartWritesTheDemosProgramsAndLaterStartsKeepTheFile() throws Exception {
        RapportConfig config = RapportConfig.defaults().with("data.dir", dir.toString());

        ProgramsComponent first = new ProgramsComponent();
        RapportConfig started = first.start(config);

        Path file = dir.resolve("programs.yaml");
        assertThat(started.string("programs.file")).isEqualTo(file.toString());
        assertThat(ProgramRegistry.load(file).programs()).isEqualTo(Simulator.programs());
        assertThat(first.describe()).containsExactly("Programs     " + file + " (5 programs, the demo's, new)");

        Files.writeString(file, "- {id: only-op, clinic: clinic-only, name: Only, level_of_care: OTP}\n");
        ProgramsComponent second = new ProgramsComponent();
        second.start(config);
        assertThat(ProgramRegistry.load(file).programs()).extracting(p -> p.id()).containsExactly("only-op");
        assertThat(second.describe()).containsExactly("Programs     " + file + " (1 program)");
    }

    @Test
    void aConfiguredRegistryIsUsedAsItIsAndABrokenOneStopsTheStart() throws Exception {
        Path own = dir.resolve("own.yaml");
        Files.writeString(own, "- {id: a-op, clinic: clinic-a, level_of_care: OUTPATIENT}\n");
        RapportConfig config = RapportConfig.defaults().with(java.util.Map.of("data.dir", dir.toString(),
                "programs.file", own.toString()));

        assertThat(new ProgramsComponent().start(config).string("programs.file")).isEqualTo(own.toString());
        assertThat(dir.resolve("programs.yaml")).doesNotExist();

        Files.writeString(own, "- {id: a-op, clinic: clinic-a, level_of_care: DETOX}\n");
        assertThatThrownBy(() -> new ProgramsComponent().start(config))
                .hasMessageContaining("level_of_care 'DETOX' is not one of");
    }
}
