package org.rapport.streams.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Research answers as releases: the whole suppressed tables, built at most once per {@code research.release.interval}
 * and served unchanged until the next one. A live table lets a reader difference two answers around one event (the
 * ALL row before and after an admission); a release only shows what changed over a whole interval, in every program.
 * One instance builds and holds the release (see {@link Cluster#releaseHolder()}); the others forward research
 * requests to it, so that every instance gives the same answer.
 */
public final class ResearchRelease {

    /** One release: when it was built, and its tables (suppressed rows of every program). */
    public record Tables(Instant builtAt, List<Map<String, Object>> weekly, List<Map<String, Object>> cohorts,
                         List<Map<String, Object>> alliance, List<Map<String, Object>> trainings) {
    }

    private final Duration interval;
    private final Clock clock;
    private Tables current;

    public ResearchRelease(Duration interval, Clock clock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("research.release.interval must not be negative: " + interval);
        }
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * The current release, building a new one with {@code build} when it is due and the pipeline has caught up
     * ({@code caughtUp}): a release due while the pipeline is still working stays in place, up to a second interval,
     * rather than freezing a half-processed state. With no release yet, that is a 503 (the pipeline is starting).
     */
    public synchronized Tables current(Supplier<Tables> build, BooleanSupplier caughtUp) {
        Instant now = clock.instant();
        if (interval.isZero()) {
            return build.get();
        }
        boolean due = current == null || !now.isBefore(current.builtAt().plus(interval));
        boolean overdue = current != null && !now.isBefore(current.builtAt().plus(interval.multipliedBy(2)));
        if (due && (overdue || caughtUp.getAsBoolean())) {
            current = build.get();
        }
        if (current == null) {
            throw new NotReadyException("the first research release waits until the pipeline has processed what it "
                    + "has received");
        }
        return current;
    }

    /** Drops the release (this instance stopped holding it: a later turn as holder starts afresh). */
    public synchronized void forget() {
        current = null;
    }

    public Instant now() {
        return clock.instant();
    }
}
