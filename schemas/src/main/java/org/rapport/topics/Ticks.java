package org.rapport.topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The clock tick of SPEC §5.1 on the wire. A tick is a record with key {@value #KEY}, a null value,
 * the header {@value #HEADER} holding its {@code occurred_at} as ISO-8601 text, and the Kafka timestamp
 * set to that instant. A null value keeps ticks out of every Avro schema, so the input subjects stay
 * one record type each and clients that write Avro directly never see them.
 */
public final class Ticks {

    public static final String KEY = "__tick__";
    public static final String HEADER = "rapport.tick";

    private Ticks() {
    }

    /** True when the record is a tick. */
    public static boolean isTick(Headers headers, Object value) {
        return value == null && headers != null && headers.lastHeader(HEADER) != null;
    }

    /** The tick's instant. */
    public static Instant instant(Headers headers) {
        Header h = headers.lastHeader(HEADER);
        return Instant.parse(new String(h.value(), StandardCharsets.UTF_8));
    }

    public static byte[] headerValue(Instant at) {
        return at.toString().getBytes(StandardCharsets.UTF_8);
    }
}
