package io.k3j.apiserver.http;

import io.k3j.api.Json;
import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A response produced by a handler: either a complete body, or a {@link StreamBody} written
 * chunk by chunk (watches). A JSON response made from an object keeps it ({@link #object}) and
 * encodes it only when its body is read, so that a client inside the server can take the object
 * itself.
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                          StreamBody stream, Encoded encoded) {

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null);
    }

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                       StreamBody stream) {
        this(status, contentType, body, headers, stream, null);
    }

    /** The body; a response made from an object is encoded on the first call. */
    @Override
    public byte[] body() {
        return encoded != null ? encoded.bytes() : body;
    }

    /**
     * The object a JSON response was made from, or null. The handler has handed it over unless
     * {@link #sharesObject}: then it is also the server's (a cached read), and no one may modify it.
     */
    public ObjectNode object() {
        return encoded == null ? null : encoded.object();
    }

    public boolean sharesObject() {
        return encoded != null && encoded.shared;
    }

    /** This response with other headers. */
    public ApiResponse withHeaders(Map<String, String> headers) {
        return new ApiResponse(status, contentType, body, headers, stream, encoded);
    }

    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, "application/json", body, Map.of());
    }

    /** A JSON response of {@code object}, which the caller hands over. */
    public static ApiResponse json(int status, ObjectNode object) {
        return new ApiResponse(status, "application/json", null, Map.of(), null, new Encoded(object, false));
    }

    /** A JSON response of {@code object}, which others hold as well (and must not be modified). */
    public static ApiResponse jsonShared(int status, ObjectNode object) {
        return new ApiResponse(status, "application/json", null, Map.of(), null, new Encoded(object, true));
    }

    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiResponse status(Status status) {
        return json(status.code(), status.toJson());
    }

    public static ApiResponse streaming(String contentType, StreamBody stream) {
        return new ApiResponse(200, contentType, new byte[0], Map.of(), stream);
    }

    /** An object and its JSON encoding, made once when first asked for. Thread-safe. */
    public static final class Encoded {
        private final ObjectNode object;
        private final boolean shared;
        private volatile byte[] bytes;

        Encoded(ObjectNode object, boolean shared) {
            this.object = object;
            this.shared = shared;
        }

        public ObjectNode object() {
            return object;
        }

        public byte[] bytes() {
            byte[] b = bytes;
            if (b == null) {
                b = Json.bytes(object);
                bytes = b;
            }
            return b;
        }
    }
}
