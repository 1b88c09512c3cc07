package org.rapport.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapport.client.BatchCheck;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.client.RapportClient;
import org.rapport.client.RejectedBatchException;
import org.rapport.programs.Program;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rapport simulate}: realistic synthetic programs for demos and benchmarks (see {@link Simulation}),
 * produced through the {@link RapportClient} like any clinic's events. Each simulated day is followed by
 * a tick at the next midnight, so that deadlines fire during a replay just as they would live; as fast as
 * possible, several days go in one transaction, in real time each day is its own.
 */
public final class Simulator {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    /** What a run did. */
    public record Summary(int days, long events, Instant from, Instant to) {
    }

    /** Events per transaction when running as fast as possible. */
    private static final int FAST_BATCH = 5000;

    private final SimulatorOptions options;
    private final RapportClient client;
    private final Clock clock;

    public Simulator(SimulatorOptions options, RapportClient client, Clock clock) {
        this.options = options;
        this.client = client;
        this.clock = clock;
    }

    /**
     * The clinics and programs the simulation invents, clinic id → program ids: what the demo's tokens
     * (a clinic token, a director of that clinic's programs) should name.
     */
    public static Map<String, List<String>> clinicsAndPrograms() {
        return World.clinicsAndPrograms();
    }

    /** The simulation's programs with owner, display name and level of care: the demo's program registry. */
    public static List<Program> programs() {
        return World.registered();
    }

    /** Every event of a run, day after day, without Kafka: what {@link #run()} would send. */
    public static List<List<IncomingEvent>> generate(SimulatorOptions options, Instant start) {
        Simulation simulation = new Simulation(options, start);
        List<List<IncomingEvent>> days = new ArrayList<>();
        for (int d = 0; d < options.days(); d++) {
            days.add(simulation.day(d));
        }
        days.get(days.size() - 1).addAll(simulation.drainHeld());
        return days;
    }

    /**
     * Runs the simulation; in real-time mode it sleeps between days and stops early when interrupted.
     *
     * @throws org.rapport.client.RejectedBatchException if an event is invalid, e.g. a start in the future
     */
    public Summary run() {
        Instant start = options.effectiveStart(clock.instant());
        Instant wallStart = clock.instant();
        Simulation simulation = new Simulation(options, start);
        long events = 0;
        int d = 0;
        List<Outgoing> pending = new ArrayList<>();
        for (; d < options.days() && !Thread.currentThread().isInterrupted(); d++) {
            if (options.realTime() && !sleepUntil(wallStart.plus(options.dayLength().multipliedBy(d)))) {
                break;
            }
            List<IncomingEvent> day = simulation.day(d);
            if (d == options.days() - 1) {
                day.addAll(simulation.drainHeld());
            }
            events += prepare(day, start.plus(Duration.ofDays(d + 1L)), pending);
            // As fast as possible: several days per transaction; real time: each day as it comes.
            if (options.realTime() || pending.size() >= FAST_BATCH || d == options.days() - 1) {
                client.send(pending);
                pending.clear();
            }
            if (d % 30 == 29) {
                LOG.info("simulated {} of {} days, {} events", d + 1, options.days(), events);
            }
        }
        client.send(pending);
        LOG.info("simulation done: {} days, {} events", d, events);
        return new Summary(d, events, start, start.plus(Duration.ofDays(d)));
    }

    /** Adds the day's events, then the tick at its end (unless that is still to come), to the batch. */
    private long prepare(List<IncomingEvent> day, Instant midnight, List<Outgoing> batch) {
        BatchCheck check = client.check(day);
        if (!check.allValid()) {
            throw new RejectedBatchException(check.rejections());
        }
        batch.addAll(check.accepted());
        if (!midnight.isAfter(clock.instant())) {
            batch.add(new Outgoing.Tick(midnight));
        }
        return check.accepted().size();
    }

    private boolean sleepUntil(Instant wallTime) {
        long millis = Duration.between(clock.instant(), wallTime).toMillis();
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
