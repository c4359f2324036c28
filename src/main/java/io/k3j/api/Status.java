package io.k3j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kubernetes {@code Status} object (kind Status, apiVersion v1) describing a failed request,
 * with upstream's reason names for each HTTP code.
 */
public record Status(int code, String reason, String message) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static Status unauthorized() {
        return new Status(401, "Unauthorized", "Unauthorized");
    }

    public static Status forbidden(String message) {
        return new Status(403, "Forbidden", message);
    }

    public static Status notFound(String message) {
        return new Status(404, "NotFound", message);
    }

    public static Status methodNotAllowed(String message) {
        return new Status(405, "MethodNotAllowed", message);
    }

    public static Status badRequest(String message) {
        return new Status(400, "BadRequest", message);
    }

    public static Status internalError(String message) {
        return new Status(500, "InternalError", message);
    }

    /** The JSON body upstream sends. */
    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "Status");
        m.put("apiVersion", "v1");
        m.put("metadata", Map.of());
        m.put("status", "Failure");
        m.put("message", message);
        m.put("reason", reason);
        m.put("code", code);
        return JSON.writeValueAsBytes(m);
    }
}
