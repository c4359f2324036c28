package io.k3j.api;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kubernetes {@code Status} (kind Status, apiVersion v1) describing a failed request, with
 * upstream's reason names, messages and details for each HTTP code.
 */
public record Status(int code, String reason, String message, Details details) {

    /** The object a status is about, and field-level causes (for 422 Invalid). */
    public record Details(String name, String group, String kind, List<Cause> causes, Integer retryAfterSeconds) {
    }

    /** One field-level problem: reason (FieldValueInvalid, FieldValueRequired, …), message, field path. */
    public record Cause(String reason, String message, String field) {
    }

    public Status(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    public static Status unauthorized() {
        return new Status(401, "Unauthorized", "Unauthorized");
    }

    public static Status forbidden(String message) {
        return new Status(403, "Forbidden", message);
    }

    public static Status forbidden(String group, String resource, String name, String why) {
        return new Status(403, "Forbidden", qualified(group, resource) + (name == null ? "" : " \"" + name + "\"")
                + " is forbidden: " + why, new Details(name, group, resource, null, null));
    }

    public static Status notFound(String message) {
        return new Status(404, "NotFound", message);
    }

    public static Status notFound(String group, String resource, String name) {
        return new Status(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
                new Details(name, group, resource, null, null));
    }

    public static Status alreadyExists(String group, String resource, String name) {
        return new Status(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists",
                new Details(name, group, resource, null, null));
    }

    public static Status conflict(String group, String resource, String name, String why) {
        return new Status(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
                + " \"" + name + "\": " + why, new Details(name, group, resource, null, null));
    }

    public static Status invalid(String group, String kind, String name, List<Cause> causes) {
        StringBuilder msg = new StringBuilder();
        msg.append(qualifiedKind(group, kind)).append(" \"").append(name == null ? "" : name).append("\" is invalid: ");
        if (causes.size() == 1) {
            msg.append(causes.getFirst().field()).append(": ").append(causes.getFirst().message());
        } else {
            msg.append('[');
            for (int i = 0; i < causes.size(); i++) {
                if (i > 0) {
                    msg.append(", ");
                }
                msg.append(causes.get(i).field()).append(": ").append(causes.get(i).message());
            }
            msg.append(']');
        }
        return new Status(422, "Invalid", msg.toString(), new Details(name, group, kind, causes, null));
    }

    public static Status expired(String message) {
        return new Status(410, "Expired", message);
    }

    public static Status gone(String message) {
        return new Status(410, "Gone", message);
    }

    public static Status methodNotAllowed(String message) {
        return new Status(405, "MethodNotAllowed", message);
    }

    public static Status badRequest(String message) {
        return new Status(400, "BadRequest", message);
    }

    public static Status notAcceptable(String message) {
        return new Status(406, "NotAcceptable", message);
    }

    public static Status unsupportedMediaType(String message) {
        return new Status(415, "UnsupportedMediaType", message);
    }

    public static Status tooLarge(String message) {
        return new Status(413, "RequestEntityTooLarge", message);
    }

    public static Status timeout(String message) {
        return new Status(504, "Timeout", message);
    }

    /** Upstream's answer for a read at a revision the server has not reached: 504, retry after 1 s. */
    public static Status tooLargeResourceVersion(long requested, long current) {
        return new Status(504, "Timeout", "Too large resource version: " + requested + ", current: " + current,
                new Details(null, null, null, List.of(new Cause("ResourceVersionTooLarge",
                        "Too large resource version", "")), 1));
    }

    public static Status internalError(String message) {
        return new Status(500, "InternalError", message);
    }

    public static Status success() {
        return new Status(200, "", "");
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    private static String qualifiedKind(String group, String kind) {
        return group == null || group.isEmpty() ? kind : kind + "." + group;
    }

    /** The JSON tree upstream sends. */
    public ObjectNode toNode() {
        ObjectNode m = Json.object();
        m.put("kind", "Status");
        m.put("apiVersion", "v1");
        m.putObject("metadata");
        if (code >= 200 && code < 300) {
            m.put("status", "Success");
            return m;
        }
        m.put("status", "Failure");
        m.put("message", message);
        m.put("reason", reason);
        if (details != null) {
            ObjectNode d = m.putObject("details");
            if (details.name() != null && !details.name().isEmpty()) {
                d.put("name", details.name());
            }
            if (details.group() != null && !details.group().isEmpty()) {
                d.put("group", details.group());
            }
            if (details.kind() != null && !details.kind().isEmpty()) {
                d.put("kind", details.kind());
            }
            if (details.causes() != null) {
                ArrayNode causes = d.putArray("causes");
                for (Cause c : details.causes()) {
                    ObjectNode cn = causes.addObject();
                    cn.put("reason", c.reason());
                    cn.put("message", c.message());
                    cn.put("field", c.field());
                }
            }
            if (details.retryAfterSeconds() != null) {
                d.put("retryAfterSeconds", details.retryAfterSeconds());
            }
        }
        m.put("code", code);
        return m;
    }

    public byte[] toJson() {
        return Json.bytes(toNode());
    }
}
