package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder recording (the JDK's "profile" settings: a Java stack sample every 10 ms of each running
 * thread, native samples, allocation, locks, GC) around one phase of the benchmark, written to a {@code .jfr} file
 * that JDK Mission Control or {@code jfr print} opens, and summarised by {@link TopFrames}.
 */
final class Profile implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts recording; {@link #stop()} writes {@code file}. */
    static Profile start(String name, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(name);
            recording.setToDisk(true);
            recording.setDestination(file);
            recording.start();
            return new Profile(recording, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record a profile to " + file + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalStateException("The JDK's JFR 'profile' settings do not parse", e);
        }
    }

    /** Stops, writes the file and summarises it. */
    TopFrames.Summary stop() {
        recording.stop();
        recording.close();
        return TopFrames.summarise(file);
    }

    @Override
    public void close() {
        recording.close();
    }
}
