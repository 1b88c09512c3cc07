package org.rapport.launcher.local;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data of {@code rapport local}: on a fresh data directory, the simulator writes its default
 * history (ending today) in the background, through the gateway's client, while everything else is up.
 */
public final class SimulatorComponent implements Component {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorComponent.class);
    private static final String MARKER = "demo-simulated";

    private final Supplier<RapportClient> client;
    private Thread thread;
    private String state = "";

    public SimulatorComponent(Supplier<RapportClient> client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public RapportConfig start(RapportConfig config) throws Exception {
        java.nio.file.Path marker = config.path("data.dir").resolve(MARKER);
        SimulatorOptions options = SimulatorOptions.defaults();
        if (java.nio.file.Files.exists(marker)) {
            state = "demo history already written (delete " + marker + " to write it again)";
            return config;
        }
        state = options.clients() + " clients over " + options.days() + " days, seed " + options.seed()
                + ", writing in the background";
        thread = new Thread(() -> {
            try {
                Simulator.Summary summary = new Simulator(options, client.get(), Clock.systemUTC()).run();
                java.nio.file.Files.writeString(marker, summary.toString());
                LOG.info("Demo data written: {} events over {} days", summary.events(), summary.days());
            } catch (Exception e) {
                LOG.warn("Demo simulator stopped: {}", e.toString());
            }
        }, "rapport-demo-simulator");
        thread.setDaemon(true);
        thread.start();
        return config;
    }

    @Override
    public List<String> describe() {
        return List.of("Demo data    " + state);
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
