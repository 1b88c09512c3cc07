package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The state a Streams application keeps, whatever its stores are: after the application has closed (which
 * flushes every store), each RocksDB database under its state directory is opened read-only and every live entry
 * of every column family is read — key bytes plus value bytes, as stored. Overwritten and deleted versions that
 * RocksDB has not compacted away yet are not counted (the directory's size on disk, which does count them and
 * RocksDB's own files, is reported beside it). A store that has a changelog but no RocksDB directory (an
 * in-memory store, such as the client stage's wake schedule) is measured from its changelog: the latest value per key,
 * which is what the store restores.
 *
 * @param clients           distinct keys of {@code rapport.client-status.v1}: the clients the run knows about
 * @param liveBytes         key + value bytes of every live entry of every store
 * @param liveBytesByStore  the same per store name
 * @param entries           live entries of every store
 * @param directoryBytes    the state directory's size on disk
 * @param notMeasured       logged stores neither on disk nor read from their changelog
 */
record StateSize(long clients, long liveBytes, Map<String, Long> liveBytesByStore, long entries, long directoryBytes,
                 List<String> notMeasured) {

    /**
     * This measurement with the in-memory stores added ({@code store → {entries, key + value bytes}}, read from
     * their changelogs): they are no longer "not measured".
     */
    StateSize withInMemory(Map<String, long[]> measured) {
        Map<String, Long> bytes = new TreeMap<>(liveBytesByStore);
        long total = liveBytes;
        long count = entries;
        for (Map.Entry<String, long[]> m : measured.entrySet()) {
            bytes.merge(m.getKey(), m.getValue()[1], Long::sum);
            total += m.getValue()[1];
            count += m.getValue()[0];
        }
        List<String> still = notMeasured.stream().filter(s -> !measured.containsKey(s)).toList();
        return new StateSize(clients, total, bytes, count, directoryBytes, still);
    }

    /** Live state bytes per client of the workload. */
    double bytesPerClient(long workloadClients) {
        return liveBytes / (double) Math.max(1, workloadClients);
    }

    /**
     * Measures the state under {@code appStateDir} (the application's own directory inside {@code state.dir}).
     *
     * @param loggedStores the stores that have a changelog topic
     */
    static StateSize measure(Path appStateDir, long clients, Collection<String> loggedStores) {
        RocksDB.loadLibrary();
        Map<String, Long> bytes = new TreeMap<>();
        long entries = 0;
        for (Path db : databases(appStateDir)) {
            long[] read = read(db);
            bytes.merge(storeName(appStateDir, db), read[1], Long::sum);
            entries += read[0];
        }
        List<String> notMeasured = loggedStores.stream().filter(s -> !bytes.containsKey(s)).sorted().toList();
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        return new StateSize(clients, total, bytes, entries, PipelineRun.directoryBytes(appStateDir), notMeasured);
    }

    /** Every RocksDB database (a directory with a CURRENT file) under the task directories. */
    private static List<Path> databases(Path appStateDir) {
        if (!Files.isDirectory(appStateDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(appStateDir)) {
            return files.filter(p -> p.getFileName().toString().equals("CURRENT")).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The store a database belongs to: {@code <task>/rocksdb/<store>} for key-value stores,
     * {@code <task>/<store>/<segment>} for segmented (window, session, versioned) stores.
     */
    static String storeName(Path appStateDir, Path db) {
        Path relative = appStateDir.relativize(db);
        int store = relative.getNameCount() > 2 && relative.getName(1).toString().equals("rocksdb") ? 2 : 1;
        return relative.getName(Math.min(store, relative.getNameCount() - 1)).toString();
    }

    /** {entries, key + value bytes} of every column family of one database. */
    private static long[] read(Path db) {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options(); DBOptions dbOptions = new DBOptions()) {
            // Read-only opening still writes an info LOG file: keep it quiet.
            dbOptions.setInfoLogLevel(InfoLogLevel.HEADER_LEVEL);
            List<ColumnFamilyDescriptor> families = RocksDB.listColumnFamilies(options, db.toString()).stream()
                    .map(ColumnFamilyDescriptor::new).toList();
            long entries = 0;
            long bytes = 0;
            try (RocksDB rocks = RocksDB.openReadOnly(dbOptions, db.toString(), families, handles)) {
                for (ColumnFamilyHandle family : handles) {
                    try (RocksIterator it = rocks.newIterator(family)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            entries++;
                            bytes += it.key().length + it.value().length;
                        }
                    }
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
            return new long[] {entries, bytes};
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot read the store at " + db + ": " + e.getMessage(), e);
        }
    }
}
