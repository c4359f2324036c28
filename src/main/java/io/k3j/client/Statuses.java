package io.k3j.client;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a server's {@code Status} body back into a {@link Status}. Stateless. */
final class Statuses {

    private Statuses() {
    }

    /** The error for a failed response: its Status body, or a Status made from the code when there is none. */
    static ApiException error(int code, byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.isObject() && "Status".equals(n.path("kind").asString(""))) {
                return new ApiException(fromNode(n, code));
            }
        } catch (RuntimeException ignored) {
            // not JSON: fall through
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new ApiException(new Status(code, reasonFor(code), text.isEmpty() ? "HTTP " + code : text));
    }

    static Status fromNode(JsonNode n, int fallbackCode) {
        int code = n.path("code").asInt(fallbackCode);
        JsonNode d = n.path("details");
        Status.Details details = null;
        if (d.isObject()) {
            List<Status.Cause> causes = null;
            if (d.path("causes").isArray()) {
                causes = new ArrayList<>();
                for (JsonNode c : d.path("causes")) {
                    causes.add(new Status.Cause(c.path("reason").asString(""), c.path("message").asString(""),
                            c.path("field").asString("")));
                }
            }
            details = new Status.Details(text(d, "name"), text(d, "group"), text(d, "kind"), causes,
                    d.has("retryAfterSeconds") ? d.path("retryAfterSeconds").asInt() : null);
        }
        return new Status(code, n.path("reason").asString(""), n.path("message").asString(""), details);
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) ? n.path(field).asString("") : null;
    }

    private static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "";
        };
    }
}
