package org.rapport.launcher.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rapport.config.RapportConfig;
import org.rapport.programs.ProgramRegistry;
import org.rapport.simulator.Simulator;

/**
 * The program registry of the local platform (issue 9): without {@code programs.file}, the demo's programs (the
 * simulator's, with their owning clinics, names and levels of care) are written once to
 * {@code <data.dir>/programs.yaml}, which the gateway, the importer and the dashboard then read. The file is loaded
 * here once at start, so a broken registry stops the platform before anything is served.
 */
public final class ProgramsComponent implements Component {

    static final String FILE = "programs.yaml";

    private final List<String> lines = new ArrayList<>();

    @Override
    public String name() {
        return "programs";
    }

    @Override
    public RapportConfig start(RapportConfig config) {
        boolean configured = config.isSet(ProgramRegistry.FILE_KEY);
        Path file = configured ? config.path(ProgramRegistry.FILE_KEY) : localFile(config);
        boolean created = !configured && !Files.exists(file);
        if (created) {
            ProgramRegistry.of(Simulator.programs()).save(file);
        }
        ProgramRegistry registry = ProgramRegistry.load(file);
        int count = registry.programs().size();
        lines.add("Programs     " + file + " (" + count + (count == 1 ? " program" : " programs")
                + (created ? ", the demo's, new" : "") + ")");
        return config.with(ProgramRegistry.FILE_KEY, file.toString());
    }

    /** Where the local platform keeps its registry when none is configured. */
    public static Path localFile(RapportConfig config) {
        return config.path("data.dir").resolve(FILE);
    }

    @Override
    public List<String> describe() {
        return lines;
    }

    @Override
    public void stop() {
    }
}
