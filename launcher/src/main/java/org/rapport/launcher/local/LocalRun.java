package org.rapport.launcher.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** How long {@code rapport local} runs: by default until Ctrl-C; tests stop it themselves. */
public interface LocalRun {

    /** Called once everything has started. */
    default void started(LocalPlatform platform) {
    }

    /** Blocks until the platform should stop. */
    void awaitStop() throws InterruptedException;

    /** Called once everything has stopped. */
    default void stopped() {
    }

    /** Runs until the JVM is asked to end (Ctrl-C, SIGTERM), and holds the JVM until the platform has stopped. */
    static LocalRun untilShutdown() {
        return new UntilShutdown();
    }

    static boolean shutdownInProgress() {
        return UntilShutdown.IN_PROGRESS.get();
    }

    /** The default: a shutdown hook releases the main thread, then waits for its clean stop. */
    final class UntilShutdown implements LocalRun {
        static final AtomicBoolean IN_PROGRESS = new AtomicBoolean();
        private static final long STOP_GRACE_SECONDS = 60;
        private final CountDownLatch stop = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);

        UntilShutdown() {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                IN_PROGRESS.set(true);
                stop.countDown();
                try {
                    stopped.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rapport-shutdown"));
        }

        @Override
        public void awaitStop() throws InterruptedException {
            stop.await();
        }

        @Override
        public void stopped() {
            stopped.countDown();
        }
    }
}
