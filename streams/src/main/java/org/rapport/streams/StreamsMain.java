package org.rapport.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.HttpSchemaRegistryClient;

/**
 * Runs the Streams application alone in its own JVM: {@code java … org.rapport.streams.StreamsMain [key=value …]}.
 * Configuration as everywhere (defaults, {@code RAPPORT_CONFIG} file, {@code RAPPORT_*} environment), with
 * {@code key=value} arguments on top. Used by the kill -9 fault tests; people use {@code rapport streams}.
 */
public final class StreamsMain {

    private StreamsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("Expected key=value, got '" + arg + "'");
            }
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        RapportConfig config = RapportConfig.load(null, System.getenv(), overrides);
        HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.fromConfig(config);
        Duration wait = config.duration("schema.registry.startup.wait");
        if (!RegistryWait.await(registry, wait, System.err)) {
            System.err.println("rapport streams: no schema registry at " + config.string("schema.registry.url")
                    + " after " + wait.toSeconds() + " s; giving up");
            System.exit(2);
        }
        StreamsApp app = StreamsApp.headless(config, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "rapport-streams-shutdown"));
        app.start();
        stopped.await();
    }
}
