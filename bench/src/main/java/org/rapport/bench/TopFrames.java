package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short reading of a JFR file ({@code jdk.jfr.consumer}): which threads the Java samples fall on, and on the
 * Kafka Streams threads — where the pipeline's own work happens — the methods at the top of the stack (self time),
 * Rapport's methods anywhere on the stack (time including callees), and the native methods (RocksDB's JNI calls).
 */
final class TopFrames {

    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";
    static final String STREAM_THREADS = "stream threads";
    private static final String RAPPORT_PACKAGE = "org.rapport.";
    private static final int TOP = 20;
    private static final int TOP_THREADS = 8;

    /** A method and its share of the samples it was counted against. */
    record Frame(String method, long samples, double share) {
    }

    /**
     * What a recording says.
     *
     * @param javaSamples        Java execution samples on every thread
     * @param streamSamples      those on Kafka Streams' stream threads
     * @param threads            share of the Java samples by kind of thread (numbers in names folded)
     * @param selfFrames         top-of-stack methods of the stream threads' Java samples
     * @param rapportFrames      Rapport methods anywhere on the stream threads' Java stacks
     * @param nativeSamples      native-method samples on the stream threads (JNI calls such as RocksDB's, and
     *                           waiting for the network, which is idle time)
     * @param nativeFrames       top-of-stack methods of the stream threads' native samples
     * @param truncatedShare     share of stream-thread samples whose stack JFR truncated (its stack depth)
     */
    record Summary(String file, long javaSamples, long streamSamples, List<Frame> threads, List<Frame> selfFrames,
                   List<Frame> rapportFrames, long nativeSamples, List<Frame> nativeFrames, double truncatedShare) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "JFR %s: %d Java samples, %d on stream threads (%.0f %% of the "
                    + "stream threads' stacks truncated), %d native samples on stream threads%n", file, javaSamples,
                    streamSamples, truncatedShare * 100, nativeSamples));
            section(out, "Java samples by thread", threads);
            section(out, "Stream threads, top frames (self)", selfFrames);
            section(out, "Stream threads, Rapport methods on the stack (including callees)", rapportFrames);
            section(out, "Stream threads, native top frames (share of native samples)", nativeFrames);
            return out.toString();
        }

        private static void section(StringBuilder out, String title, List<Frame> frames) {
            out.append("  ").append(title).append(':').append(System.lineSeparator());
            for (Frame f : frames) {
                out.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", f.share() * 100, f.method()));
            }
        }
    }

    private TopFrames() {
    }

    static Summary summarise(Path jfr) {
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> rapport = new HashMap<>();
        Map<String, Long> nativeSelf = new HashMap<>();
        long java = 0;
        long stream = 0;
        long nativeStream = 0;
        long truncated = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean execution = type.equals(EXECUTION_SAMPLE);
                if (!execution && !type.equals(NATIVE_SAMPLE)) {
                    continue;
                }
                String thread = threadKind(event.getThread("sampledThread"));
                RecordedStackTrace stack = event.getStackTrace();
                if (execution) {
                    java++;
                    threads.merge(thread, 1L, Long::sum);
                }
                if (!thread.equals(STREAM_THREADS) || stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                if (!execution) {
                    nativeStream++;
                    nativeSelf.merge(method(stack.getFrames().get(0)), 1L, Long::sum);
                    continue;
                }
                stream++;
                truncated += stack.isTruncated() ? 1 : 0;
                self.merge(method(stack.getFrames().get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String m = method(frame);
                    if (m.startsWith(RAPPORT_PACKAGE) && !synthetic(m) && seen.add(m)) {
                        rapport.merge(m, 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jfr + ": " + e.getMessage(), e);
        }
        return new Summary(jfr.toString(), java, stream, top(threads, java, TOP_THREADS), top(self, stream, TOP),
                top(rapport, stream, TOP), nativeStream, top(nativeSelf, nativeStream, TOP / 2),
                stream == 0 ? 0 : truncated / (double) stream);
    }

    /** Stream threads under one name; other threads by name with their numbers folded ({@code worker-#}). */
    static String threadKind(RecordedThread thread) {
        if (thread == null) {
            return "unknown";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        if (name == null) {
            return "unknown";
        }
        if (name.contains("StreamThread")) {
            return STREAM_THREADS;
        }
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("[0-9]+", "#");
    }

    /** Lambda bodies and their generated classes: the method that defines the lambda is on the stack too. */
    private static boolean synthetic(String method) {
        return method.contains("$$Lambda") || method.contains(".lambda$");
    }

    static String method(RecordedFrame frame) {
        RecordedMethod m = frame.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static List<Frame> top(Map<String, Long> counts, long total, int n) {
        List<Frame> frames = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> frames.add(new Frame(e.getKey(), e.getValue(), total == 0 ? 0 : e.getValue() / (double) total)));
        return frames;
    }
}
