package io.k3j.apiserver.protobuf;

/** A protobuf body that cannot be decoded: truncated, malformed, or not what its type says. */
public final class ProtobufException extends RuntimeException {

    public ProtobufException(String message) {
        super(message);
    }
}
