package org.rapport.streams.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * A 64-bit FNV-1a hash of a record's Avro bytes: lets the client processor remember what it sent in
 * eight bytes per fact row instead of the row itself.
 */
public final class FactHash {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final Map<Class<?>, InternalAvroSerde<SpecificRecord>> SERDES = new ConcurrentHashMap<>();

    private FactHash() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static long of(SpecificRecord record) {
        InternalAvroSerde<SpecificRecord> serde = SERDES.computeIfAbsent(record.getClass(),
                c -> new InternalAvroSerde(c));
        long hash = OFFSET;
        for (byte b : serde.toBytes(record)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }
}
