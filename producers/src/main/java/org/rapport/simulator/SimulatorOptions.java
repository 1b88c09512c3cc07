package org.rapport.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How to simulate.
 *
 * @param seed         makes the run deterministic: the same seed and options give the same events
 * @param days         simulated days
 * @param clients      clients admitted over the run
 * @param start        the first simulated day (midnight UTC); null = {@code days} days before today, so
 *                     the run ends now and no event lies in the future
 * @param realTime     false: as fast as possible; true: one simulated day every {@code dayLength}
 * @param dayLength    wall-clock length of a simulated day in real-time mode (compressed days)
 */
public record SimulatorOptions(long seed, int days, int clients, Instant start, boolean realTime,
                               Duration dayLength) {

    public SimulatorOptions {
        if (days < 1 || clients < 1) {
            throw new IllegalArgumentException("days and clients must be positive");
        }
        if (realTime && (dayLength == null || dayLength.isNegative() || dayLength.isZero())) {
            throw new IllegalArgumentException("real-time mode needs a positive day length");
        }
    }

    /**
     * 42, 120 days, 1,500 clients, ending today, as fast as possible: about 300 clients per demo program, enough that
     * most research cells (counts of 11 and more) show numbers rather than "hidden".
     */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(42, 120, DEFAULT_CLIENTS, null, false, Duration.ofSeconds(10));
    }

    /** Clients of the demo (and of {@code rapport simulate} without {@code --clients}). */
    public static final int DEFAULT_CLIENTS = 1500;

    /** The first simulated midnight (UTC). */
    public Instant effectiveStart(Instant now) {
        if (start != null) {
            return start;
        }
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
