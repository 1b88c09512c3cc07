package org.rapport.platform.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one
 * process), started inside this JVM from Kafka's own server classes, the way {@code kafka.Kafka} does:
 * format the storage once, then run a {@link KafkaRaftServer}.
 *
 * <p>Data lives under the given directory; a restart on the same directory keeps topics, offsets and
 * the cluster id (the storage is formatted only when it is not yet). The listener is on 127.0.0.1.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int port;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, int port, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker.
     *
     * @param dataDir where the log and metadata live (created if missing)
     * @param port    the client listener's port on 127.0.0.1; 0 picks a free port
     * @param extra   further broker settings, overriding the single-node defaults
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> extra) {
        long started = System.nanoTime();
        int clientPort = port == 0 ? freePort() : requireFree(port);
        Properties props = brokerProperties(dataDir.toAbsolutePath(), clientPort, freePort());
        props.putAll(extra);
        formatIfNeeded(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw e;
        }
        LOG.info("Kafka broker on {}:{} (data {}) started in {} ms", HOST, clientPort, dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedKafka(dataDir, clientPort, server);
    }

    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id kept in the data directory's {@code meta.properties}. */
    public String clusterId() {
        return readClusterId(logDir(dataDir));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on {} stopped", bootstrapServers());
    }

    static Properties brokerProperties(Path dataDir, int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static quorum: the controller port may change between restarts without re-formatting.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir(dataDir).toString());
        // One node: every replicated internal topic must make do with one replica, or groups and
        // transactions hang waiting for replicas that never come.
        for (String key : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr", "default.replication.factor", "min.insync.replicas"}) {
            p.put(key, "1");
        }
        p.put("group.initial.rebalance.delay.ms", "0");
        // Fewer internal partitions: creating 50 of each on a 2-core laptop costs seconds for nothing.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        return p;
    }

    static Path logDir(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("log");
    }

    private static void formatIfNeeded(Path dataDir, Properties props) {
        Path logDir = logDir(dataDir);
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path configFile = dataDir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(out, "Written by Rapport's embedded Kafka to format the storage (start-up settings come from code)");
            }
            String clusterId = Uuid.randomUuid().toString();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", configFile.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (status != 0) {
                throw new IllegalStateException("Formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
            LOG.info("Formatted {} for new cluster {}", logDir, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dataDir, e);
        }
    }

    private static String readClusterId(Path logDir) {
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(logDir.resolve("meta.properties"), StandardCharsets.UTF_8)) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meta.getProperty("cluster.id");
    }

    /** Fails with a plain message rather than the broker's stack trace deep in its start-up. */
    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + HOST + " is in use (another broker running?)", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
