package org.rapport.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** The state measure counts the live entries of every RocksDB store, whatever the layout, by store name. */
class StateSizeTest {

    @TempDir
    Path state;

    @Test
    void countsLiveKeyAndValueBytesOfEveryColumnFamilyOncePerKey() throws Exception {
        // A key-value store of task 0_0 with a second column family, as timestamped stores have.
        try (Rocks db = Rocks.open(state.resolve("0_0/rocksdb/client-facts"), "keyValueWithTimestamp")) {
            db.put(0, "a", "12345");        // 1 + 5, overwritten below
            db.put(0, "a", "123");          // counts once: 1 + 3
            db.put(0, "bb", "x");           // 2 + 1
            db.put(0, "gone", "xxxxxxxx");  // deleted: not counted
            db.delete(0, "gone");
            db.put(1, "cc", "yy");          // 2 + 2 in the other column family
        }
        // The same store on another task, and a segmented store (<task>/<store>/<segment>).
        try (Rocks db = Rocks.open(state.resolve("0_1/rocksdb/client-facts"))) {
            db.put(0, "d", "1234");         // 1 + 4
        }
        try (Rocks db = Rocks.open(state.resolve("0_1/due-times/due-times.1700000000000"))) {
            db.put(0, "k", "v");            // 1 + 1
        }

        StateSize size = StateSize.measure(state, 7, List.of("client-facts", "due-times", "in-memory-store"));

        assertThat(size.liveBytesByStore()).isEqualTo(Map.of("client-facts", 4L + 3 + 4 + 5, "due-times", 2L));
        assertThat(size.liveBytes()).isEqualTo(18);
        assertThat(size.entries()).isEqualTo(5);
        assertThat(size.clients()).isEqualTo(7);
        assertThat(size.bytesPerClient(6)).isEqualTo(3.0);
        assertThat(size.notMeasured()).containsExactly("in-memory-store");
        assertThat(size.directoryBytes()).isGreaterThan(size.liveBytes());
    }

    @Test
    void anEmptyOrMissingStateDirectoryHoldsNothing() {
        StateSize size = StateSize.measure(state.resolve("never-started"), 0, List.of());

        assertThat(size.liveBytes()).isZero();
        assertThat(size.liveBytesByStore()).isEmpty();
    }

    /** A small RocksDB database with column families, written the way any store would be. */
    private record Rocks(RocksDB db, List<ColumnFamilyHandle> families, DBOptions options) implements AutoCloseable {

        static Rocks open(Path dir, String... extraFamilies) throws Exception {
            RocksDB.loadLibrary();
            Files.createDirectories(dir);
            DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
            List<ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
            for (String f : extraFamilies) {
                descriptors.add(new ColumnFamilyDescriptor(f.getBytes(UTF_8)));
            }
            List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
            return new Rocks(RocksDB.open(options, dir.toString(), descriptors, handles), handles, options);
        }

        void put(int family, String key, String value) throws Exception {
            db.put(families.get(family), key.getBytes(UTF_8), value.getBytes(UTF_8));
        }

        void delete(int family, String key) throws Exception {
            db.delete(families.get(family), key.getBytes(UTF_8));
        }

        @Override
        public void close() {
            families.forEach(ColumnFamilyHandle::close);
            db.close();
            options.close();
        }
    }
}
