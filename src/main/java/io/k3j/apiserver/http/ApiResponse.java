package io.k3j.apiserver.http;

import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response produced by a handler: either a complete body, or a {@link StreamBody} written
 * chunk by chunk (watches).
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                          StreamBody stream) {

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, "application/json", body, Map.of());
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
}
