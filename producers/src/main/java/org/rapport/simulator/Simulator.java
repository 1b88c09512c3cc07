package org.rapport.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rapport.client.IncomingEvent;
import org.rapport.client.RapportClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rapport simulate}: realistic synthetic programs for demos and benchmarks (see {@link Simulation}),
 * produced through the {@link RapportClient} like any clinic's events, one transaction per simulated day
 * (split at the gateway's batch limit), each day closed by a tick at the next midnight so that deadlines
 * fire during a replay just as they would live.
 */
public final class Simulator {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final int MAX_BATCH = 5000;

    /** What a run did. */
    public record Summary(int days, long events, Instant from, Instant to) {
    }

    private final SimulatorOptions options;
    private final RapportClient client;
    private final Clock clock;

    public Simulator(SimulatorOptions options, RapportClient client, Clock clock) {
        this.options = options;
        this.client = client;
        this.clock = clock;
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
        for (; d < options.days() && !Thread.currentThread().isInterrupted(); d++) {
            if (options.realTime() && !sleepUntil(wallStart.plus(options.dayLength().multipliedBy(d)))) {
                break;
            }
            List<IncomingEvent> day = simulation.day(d);
            if (d == options.days() - 1) {
                day.addAll(simulation.drainHeld());
            }
            events += submit(day);
            Instant midnight = start.plus(Duration.ofDays(d + 1L));
            if (!midnight.isAfter(clock.instant())) {
                client.publishTick(midnight);
            }
            if (d % 30 == 29) {
                LOG.info("simulated {} of {} days, {} events", d + 1, options.days(), events);
            }
        }
        LOG.info("simulation done: {} days, {} events", d, events);
        return new Summary(d, events, start, start.plus(Duration.ofDays(d)));
    }

    private long submit(List<IncomingEvent> day) {
        long sent = 0;
        for (int from = 0; from < day.size(); from += MAX_BATCH) {
            sent += client.submit(day.subList(from, Math.min(day.size(), from + MAX_BATCH)));
        }
        return sent;
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
