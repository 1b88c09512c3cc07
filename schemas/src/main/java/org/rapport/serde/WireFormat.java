package org.rapport.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format of a serialized value: byte 0 is the magic byte {@value #MAGIC_BYTE},
 * bytes 1–4 the schema id (big-endian), the rest the Avro binary encoding of the value with that schema.
 *
 * <p>Dead-letter handling uses {@link #tryParseSchemaId} to say which schema id a rejected record claimed.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * A parsed message. The payload is a read-only view of the original array, positioned at the Avro bytes.
     *
     * @param schemaId the writer schema's registry id
     * @param payload  the Avro binary encoding
     */
    public record Framed(int schemaId, ByteBuffer payload) {
    }

    /**
     * Splits {@code data} into schema id and payload.
     *
     * @param topic for the message only
     * @throws SerializationException when the bytes are not in the wire format (too short, wrong magic byte)
     */
    public static Framed parse(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " is not in the Confluent wire format: "
                    + data.length + " bytes, fewer than the " + HEADER_SIZE + "-byte header (magic byte + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Record on topic " + topic + " is not in the Confluent wire format: "
                    + "magic byte is " + String.format("0x%02x", data[0]) + ", expected 0x00 (was it written by a "
                    + "serializer without a schema registry, e.g. plain Avro or JSON?)");
        }
        return new Framed(ByteBuffer.wrap(data, 1, 4).getInt(),
                ByteBuffer.wrap(data, HEADER_SIZE, data.length - HEADER_SIZE).slice().asReadOnlyBuffer());
    }

    /** The schema id {@code data} claims, or -1 (never a registry id) when it is null or not in the wire format. */
    public static int tryParseSchemaId(byte[] data) {
        return data != null && data.length >= HEADER_SIZE && data[0] == MAGIC_BYTE
                ? ByteBuffer.wrap(data, 1, 4).getInt() : -1;
    }

    /** Writes the 5-byte header for {@code schemaId} at the start of {@code out}. */
    public static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** The header followed by {@code avroPayload}. */
    public static byte[] frame(int schemaId, byte[] avroPayload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + avroPayload.length);
        writeHeader(out, schemaId);
        return out.put(avroPayload).array();
    }
}
