package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.schema.DuplicateFields;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeSchema;
import io.k3j.apiserver.schema.UnknownFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code fieldValidation} directive of a write: fields the kind's schema does not know are
 * dropped (as upstream's decoding drops them) and members given twice in a JSON body keep their
 * last value; by the directive, both are ignored, reported as
 * {@code Warning} headers (the default) or refused with 400 ({@code Strict}). Custom resources
 * are pruned by their definition's schema.
 */
final class FieldValidation {

    enum Directive { IGNORE, WARN, STRICT }

    private final Directive directive;
    private final ResourceType type;
    private final TypeSchema schema;
    private final List<String> duplicates;

    private FieldValidation(Directive directive, ResourceType type, List<String> duplicates) {
        this.directive = directive;
        this.type = type;
        this.schema = Schema.builtin().kind(type.apiVersion(), type.kind());
        this.duplicates = duplicates;
    }

    /** The request's directive for objects of {@code type}; 400 for a value upstream does not accept. */
    static FieldValidation of(ApiRequest req, ResourceType type) {
        String v = req.queryParam("fieldValidation");
        Directive d = switch (v == null ? "" : v) {
            case "", "Warn" -> Directive.WARN;
            case "Ignore" -> Directive.IGNORE;
            case "Strict" -> Directive.STRICT;
            default -> throw new ApiException(Status.badRequest("fieldValidation: Invalid value: \"" + v
                    + "\": must be one of Ignore, Warn, Strict"));
        };
        List<String> duplicates = d == Directive.IGNORE || !Bodies.mediaType(req).endsWith("json")
                || req.object() != null ? List.of() : DuplicateFields.find(req.body());
        return new FieldValidation(d, type, duplicates);
    }

    /** Drops unknown fields from a whole object; returns the warnings to send (Strict: throws 400). */
    List<String> check(ObjectNode obj) {
        List<String> unknown = schema != null ? UnknownFields.prune(obj, schema, Schema.builtin())
                : type.strategy().pruneUnknown(obj);
        if (unknown.isEmpty() && duplicates.isEmpty() || directive == Directive.IGNORE) {
            return List.of();
        }
        List<String> messages = new java.util.ArrayList<>();
        unknown.forEach(p -> messages.add("unknown field \"" + p + "\""));
        duplicates.forEach(p -> messages.add("duplicate field \"" + p + "\""));
        if (directive == Directive.STRICT) {
            String version = type.apiVersion().substring(type.apiVersion().indexOf('/') + 1);
            throw new ApiException(Status.badRequest(type.kind() + " in version \"" + version
                    + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
                    + String.join(", ", messages)));
        }
        return messages;
    }

    /** The response with the warnings as one {@code Warning} header (code 299, as upstream). */
    static ApiResponse withWarnings(ApiResponse r, List<String> warnings) {
        if (warnings.isEmpty()) {
            return r;
        }
        Map<String, String> headers = new HashMap<>(r.headers());
        headers.put("Warning", warnings.stream().map(w -> "299 - \"" + w.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"").collect(Collectors.joining(", ")));
        return r.withHeaders(headers);
    }
}
