package org.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void framesWithMagicByteAndBigEndianId() {
        assertThat(WireFormat.frame(0x01020304, new byte[] {0x7f, 0x01}))
                .containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x7f, 0x01);
    }

    @Test
    void parsesIdAndPayload() {
        WireFormat.Framed framed = WireFormat.parse("t", new byte[] {0x00, 0x00, 0x00, 0x01, 0x02, 0x11, 0x22});

        assertThat(framed.schemaId()).isEqualTo(258);
        ByteBuffer payload = framed.payload();
        assertThat(payload.remaining()).isEqualTo(2);
        assertThat(payload.get()).isEqualTo((byte) 0x11);
        assertThat(payload.get()).isEqualTo((byte) 0x22);
        assertThat(payload.isReadOnly()).isTrue();
    }

    @Test
    void aHeaderWithoutPayloadIsStillWellFramed() {
        assertThat(WireFormat.parse("t", new byte[] {0, 0, 0, 0, 9}).payload().remaining()).isZero();
    }

    @Test
    void readsTheIdAsASignedIntLikeConfluent() {
        // Registries hand out positive ids; the header is a Java int, so 0xFFFFFFFF reads as -1.
        assertThat(WireFormat.parse("t", new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}).schemaId())
                .isEqualTo(-1);
    }

    @Test
    void rejectsAWrongMagicByte() {
        assertThatThrownBy(() -> WireFormat.parse("rapport.sessions.v1", "{\"a\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Record on topic rapport.sessions.v1 is not in the Confluent wire format: "
                        + "magic byte is 0x7b, expected 0x00");
    }

    @Test
    void rejectsFewerBytesThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.parse("rapport.sessions.v1", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Record on topic rapport.sessions.v1 is not in the Confluent wire format: 3 bytes, "
                        + "fewer than the 5-byte header (magic byte + schema id)");
    }

    @Test
    void tryParseSchemaIdAnswersMinusOneForAnythingElse() {
        assertThat(WireFormat.tryParseSchemaId(new byte[] {0, 0, 0, 0, 42, 1})).isEqualTo(42);
        assertThat(WireFormat.tryParseSchemaId(null)).isEqualTo(-1);
        assertThat(WireFormat.tryParseSchemaId(new byte[] {0, 0, 0, 42})).isEqualTo(-1);
        assertThat(WireFormat.tryParseSchemaId(new byte[] {1, 0, 0, 0, 42})).isEqualTo(-1);
    }
}
