package org.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JFR recording of a thread named like a stream thread: its busy method is the top frame. */
class TopFramesTest {

    @TempDir
    Path dir;

    private static volatile long sink;

    @Test
    void theBusiestMethodOfTheStreamThreadsIsTheTopFrame() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            while (!stop.get()) {
                sink += spin(200_000);
            }
        }, "rapport-app-1b2c3d4e-0000-1111-2222-333344445555-StreamThread-1");
        Path file = dir.resolve("test.jfr");
        Profile profile = Profile.start("top-frames-test", file);
        worker.start();
        Thread.sleep(1500);
        stop.set(true);
        worker.join();
        TopFrames.Summary summary = profile.stop();

        assertThat(summary.streamSamples()).isPositive();
        assertThat(summary.javaSamples()).isGreaterThanOrEqualTo(summary.streamSamples());
        assertThat(summary.threads()).extracting(TopFrames.Frame::method).contains(TopFrames.STREAM_THREADS);
        assertThat(summary.selfFrames().get(0).method()).isEqualTo(TopFramesTest.class.getName() + ".spin");
        assertThat(summary.selfFrames().get(0).share()).isGreaterThan(0.5);
        assertThat(summary.rapportFrames()).extracting(TopFrames.Frame::method)
                .contains(TopFramesTest.class.getName() + ".spin");
        assertThat(summary.render()).contains("Stream threads, top frames (self)", ".spin");
    }

    private static long spin(int n) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x = x * 31 + i ^ (x >>> 7);
        }
        return x;
    }
}
