package org.rapport.launcher.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.launcher.RapportCli;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rapport simulate}: synthetic programs for demos and benchmarks. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Writes realistic synthetic programs: clinics, admissions, weekly sessions, attendance driven by",
            "counselor empathy and client alliance, surveys on their schedules, TEDS discharges, some late and duplicate",
            "events, and an empathy course for three counselors of each program around the middle of the run (their",
            "clients' ratings and attendance rise after it). The same --seed and options always give the same events."})
public final class SimulateCommand implements Callable<Integer> {

    @ParentCommand
    RapportCli cli;

    @Mixin
    ProducerOptions producer;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--days", description = "Simulated days, ending today (default ${DEFAULT-VALUE}).", defaultValue = "120")
    int days;

    @Option(names = "--clients", description = "Clients admitted over the run (default ${DEFAULT-VALUE}).", defaultValue = "200")
    int clients;

    @Option(names = "--real-time", paramLabel = "DAY_LENGTH",
            description = "Real time with compressed days: one simulated day per DAY_LENGTH (ISO-8601, e.g. PT10S). Default: as fast as possible.")
    Duration dayLength;

    @Override
    public Integer call() throws Exception {
        RapportConfig config = producer.load(cli);
        SimulatorOptions options = new SimulatorOptions(seed, days, clients, null, dayLength != null,
                dayLength != null ? dayLength : Duration.ofSeconds(10));
        try (RapportClient client = RapportClient.create(config)) {
            Simulator.Summary summary = new Simulator(options, client, Clock.systemUTC()).run();
            cli.out().println("Simulated " + summary.days() + " days, " + summary.events() + " events, "
                    + summary.from() + " .. " + summary.to());
        }
        return 0;
    }
}
