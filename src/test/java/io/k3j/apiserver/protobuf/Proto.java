package io.k3j.apiserver.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf writer for building test bodies. */
final class Proto {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.bytes());
    }

    Proto fixed64(int field, long value) {
        tag(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The k8s envelope around an encoded object. */
    static byte[] envelope(String apiVersion, String kind, Proto object) {
        Proto unknown = new Proto().message(1, new Proto().string(1, apiVersion).string(2, kind))
                .message(2, object);
        byte[] body = unknown.bytes();
        byte[] all = new byte[body.length + 4];
        all[0] = 'k';
        all[1] = '8';
        all[2] = 's';
        System.arraycopy(body, 0, all, 4, body.length);
        return all;
    }

    private void tag(int field, int wire) {
        raw((long) field << 3 | wire);
    }

    private void raw(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
