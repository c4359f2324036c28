package io.k3j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Protobuf bodies decoded by a schema into the JSON the server works with. */
class ProtobufDecoderTest {

    private static final Schema SCHEMA = Schema.parse("test", """
            package t.v1
            type Meta
              name string 1
              generation int64 7
              creationTimestamp Time 8
              labels map[string] 11
              finalizers []string 14
            type Thing
              metadata Meta 1
              replicas int32 2 ptr
              paused bool 3
              port IntOrString 4
              name IntOrString 5
              cpu Quantity 6
              data map[bytes] 7
              ratio double 8
              codes []int32 9
              items []Item 10
              wait Duration 11
              seen MicroTime 12
              raw RawExtension 13
              note string 14
            type Item
              name string 1
              count int32 2
            kind example.io/v1 Thing Thing
            """);

    private final ProtobufDecoder decoder = new ProtobufDecoder(SCHEMA);

    @Test
    void decodesEveryValueTypeAsJsonWouldCarryIt() {
        Proto meta = new Proto().string(1, "web").varint(7, 0)
                .message(8, new Proto().varint(1, 1_700_000_000L).varint(2, 5))
                .message(11, new Proto().string(1, "app").string(2, "web"))
                .message(11, new Proto().string(1, "empty"))
                .string(14, "a").string(14, "b");
        Proto thing = new Proto().message(1, meta)
                .varint(2, 0)
                .varint(3, 0)
                .message(4, new Proto().varint(1, 0).varint(2, 8080))
                .message(5, new Proto().varint(1, 1).string(3, "http"))
                .message(6, new Proto().string(1, "100m"))
                .message(7, new Proto().string(1, "k").bytes(2, "hi".getBytes(StandardCharsets.UTF_8)))
                .fixed64(8, Double.doubleToLongBits(0.5))
                .bytes(9, new byte[]{1, 2, (byte) 0x96, 1})
                .message(10, new Proto().string(1, "x").varint(2, 3))
                .message(10, new Proto().string(1, "y"))
                .message(11, new Proto().varint(1, 90_000_000_000L))
                .message(12, new Proto().varint(1, 1_700_000_000L).varint(2, 123_456_000))
                .message(13, new Proto().bytes(1, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .string(14, "");
        ObjectNode o = decoder.decode(Proto.envelope("example.io/v1", "Thing", thing), null);
        assertThat(o).isEqualTo(Json.parseObject("""
                {"apiVersion":"example.io/v1","kind":"Thing",
                 "metadata":{"name":"web","creationTimestamp":"2023-11-14T22:13:20Z",
                   "labels":{"app":"web","empty":""},"finalizers":["a","b"]},
                 "replicas":0,"port":8080,"name":"http","cpu":"100m","data":{"k":"aGk="},"ratio":0.5,
                 "codes":[1,2,150],"items":[{"name":"x","count":3},{"name":"y"}],"wait":"1m30s",
                 "seen":"2023-11-14T22:13:20.123456Z","raw":{"a":1}}
                """.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void embeddedStructsAndWrappedValuesTakeTheirJsonShape() {
        Schema schema = Schema.parse("embedded", """
                package e.v1
                type Volume
                  name string 1
                  volumeSource VolumeSource 2 inline
                type VolumeSource
                  hostPath HostPath 1
                  emptyDir EmptyDir 2
                type HostPath
                  path string 1
                type EmptyDir
                  medium string 1
                type Extra wraps
                  items []string 1
                type Review
                  volume Volume 1
                  extra map[Extra] 2
                kind e/v1 Review Review
                """);
        Proto volume = new Proto().string(1, "v").message(2, new Proto().message(1, new Proto().string(1, "/x")));
        Proto review = new Proto().message(1, volume)
                .message(2, new Proto().string(1, "groups").message(2, new Proto().string(1, "a").string(1, "b")))
                .message(2, new Proto().string(1, "none").message(2, new Proto()));
        ObjectNode o = new ProtobufDecoder(schema).decode(Proto.envelope("e/v1", "Review", review), null);
        assertThat(o.toString()).isEqualTo("{\"apiVersion\":\"e/v1\",\"kind\":\"Review\","
                + "\"volume\":{\"name\":\"v\",\"hostPath\":{\"path\":\"/x\"}},"
                + "\"extra\":{\"groups\":[\"a\",\"b\"],\"none\":[]}}");
        assertThat(schema.type("e.v1.Volume").field("hostPath")).isNotNull();
    }

    @Test
    void theFallbackTypeServesAnEnvelopeNamingAnotherGroupVersion() {
        ObjectNode o = decoder.decode(Proto.envelope("v1", "Thing", new Proto().varint(2, 3)),
                SCHEMA.type("t.v1.Thing"));
        assertThat(o.get("replicas").asInt()).isEqualTo(3);
        assertThat(o.get("apiVersion").asString()).isEqualTo("v1");
    }

    @Test
    void malformedBodiesAreErrorsNotGuesses() {
        byte[] good = Proto.envelope("example.io/v1", "Thing", new Proto().string(14, "x"));
        assertThatThrownBy(() -> decoder.decode("{}".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("envelope");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(good, good.length - 1), null))
                .isInstanceOf(ProtobufException.class);
        assertThatThrownBy(() -> decoder.decode(Proto.envelope("example.io/v1", "Thing", new Proto().string(99, "x")),
                null)).isInstanceOf(ProtobufException.class).hasMessageContaining("field number 99");
        assertThatThrownBy(() -> decoder.decode(Proto.envelope("example.io/v1", "Thing", new Proto().varint(14, 1)),
                null)).isInstanceOf(ProtobufException.class).hasMessageContaining("wire type");
        assertThatThrownBy(() -> decoder.decode(Proto.envelope("example.io/v1", "Other", new Proto()), null))
                .isInstanceOf(ProtobufDecoder.UnsupportedException.class);
        assertThatThrownBy(() -> decoder.decode(Proto.envelope("example.io/v1", "Thing",
                new Proto().bytes(14, new byte[]{(byte) 0xff, (byte) 0xfe})), null))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButDecodeErrors() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] body = new byte[4 + random.nextInt(60)];
            random.nextBytes(body);
            body[0] = 'k';
            body[1] = '8';
            body[2] = 's';
            body[3] = 0;
            try {
                decoder.decode(body, SCHEMA.type("t.v1.Thing"));
            } catch (ProtobufException | ProtobufDecoder.UnsupportedException expected) {
                // the only acceptable failures
            }
        }
    }

    @Test
    void goDurationsPrintAsGoPrintsThem() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(300_000_000L)).isEqualTo("300ms");
        assertThat(GoDuration.format(1_500L)).isEqualTo("1.5µs");
        assertThat(GoDuration.format(999L)).isEqualTo("999ns");
        assertThat(GoDuration.format(-61_000_000_000L)).isEqualTo("-1m1s");
    }
}
