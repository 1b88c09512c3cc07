package org.rapport.streams;

import java.io.PrintStream;
import java.time.Duration;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryException;
import org.rapport.topics.Topics;

/**
 * Start-up check that the schema registry answers. Without it, an unreachable registry would surface as a
 * stack trace from deep inside Kafka Streams (or as records dead-lettered for a passing outage); instead the
 * application waits, printing one line per attempt, and gives up with one line after a bounded time.
 */
public final class RegistryWait {

    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(15);

    private RegistryWait() {
    }

    /**
     * @return true once the registry answered (any answer, "not found" included); false when {@code timeout}
     *         passed without one
     */
    public static boolean await(SchemaRegistryClient registry, Duration timeout, PrintStream out)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String problem = problem(registry);
            if (problem == null) {
                if (attempt > 1) {
                    out.println("rapport streams: schema registry reachable; starting");
                }
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Duration wait = pause.toNanos() < left ? pause : Duration.ofNanos(left);
            out.println("rapport streams: " + problem + " — retrying in " + wait.toSeconds() + " s (attempt "
                    + attempt + ", giving up after " + timeout.toSeconds() + " s)");
            Thread.sleep(Math.max(1, wait.toMillis()));
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Null when the registry answers; otherwise why not, in one line. */
    static String problem(SchemaRegistryClient registry) {
        try {
            registry.latest(Topics.EPISODES.valueSubject());
            return null;
        } catch (SchemaRegistryException e) {
            if (e.errorCode() != SchemaRegistryException.UNREACHABLE && e.httpStatus() < 500) {
                return null;   // it answered, e.g. "subject not found" before the first event
            }
            return e.getMessage();
        }
    }
}
