package io.k3j.apiserver.protobuf;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads the protobuf wire format from a byte range: tags, varints, fixed-width numbers and
 * length-delimited values, each checked against the end of the range.
 */
final class WireReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    WireReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    boolean atEnd() {
        return pos >= end;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new ProtobufException("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new ProtobufException("malformed varint");
    }

    long fixed64() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    int fixed32() {
        need(4);
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 4;
        return v;
    }

    /** A length-delimited value as a reader over its bytes. */
    WireReader nested() {
        int len = length();
        WireReader r = new WireReader(buf, pos, pos + len);
        pos += len;
        return r;
    }

    byte[] bytes() {
        int len = length();
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    String string() {
        int len = length();
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new ProtobufException("string is not valid UTF-8");
        }
    }

    /** Skips one value of the given wire type. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> fixed64();
            case LEN -> pos += length();
            case FIXED32 -> fixed32();
            default -> throw new ProtobufException("unsupported wire type " + wireType);
        }
    }

    private int length() {
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new ProtobufException("length " + len + " runs past the end of the message");
        }
        return (int) len;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new ProtobufException("truncated message");
        }
    }
}
