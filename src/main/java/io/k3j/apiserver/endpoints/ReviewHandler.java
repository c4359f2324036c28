package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-only review resources clients use to ask about themselves:
 * authorization.k8s.io SelfSubjectAccessReview (kubectl auth can-i) and
 * authentication.k8s.io SelfSubjectReview (kubectl auth whoami). Nothing is stored.
 */
final class ReviewHandler {

    /** A virtual resource: group, version, plural name, kind. */
    record Virtual(String group, String version, String resource, String kind) {
    }

    static final List<Virtual> RESOURCES = List.of(
            new Virtual("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
            new Virtual("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview"));

    private final Authorizer authorizer;

    ReviewHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Handles the request if it addresses a review resource; null otherwise. */
    ApiResponse handle(ApiRequest req, RequestInfo info) {
        Virtual v = RESOURCES.stream().filter(r -> r.group().equals(info.apiGroup())
                && r.version().equals(info.apiVersion()) && r.resource().equals(info.resource())).findFirst()
                .orElse(null);
        if (v == null) {
            return null;
        }
        if (!info.verb().equals("create") || info.name() != null || info.namespace() != null) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        UserInfo user = req.user().orElseThrow(() -> new ApiException(Status.unauthorized()));
        Attributes self = new Attributes(user, "create", true, v.group(), v.resource(), null, null, null, info.path());
        if (!authorizer.allowed(self)) {
            throw new ApiException(Status.forbidden(self.forbiddenMessage()));
        }
        ObjectNode body = Bodies.object(req, v.group() + "/" + v.version(), v.kind());
        String apiVersion = v.group() + "/" + v.version();
        body.put("apiVersion", apiVersion);
        body.put("kind", v.kind());
        if (v.resource().equals("selfsubjectreviews")) {
            ObjectNode ui = body.putObject("status").putObject("userInfo");
            ui.put("username", user.name());
            ArrayNode groups = ui.putArray("groups");
            user.groups().forEach(groups::add);
        } else {
            body.set("status", access(user, body.path("spec"), info.path()));
        }
        if (!body.has("metadata")) {
            body.putObject("metadata");
        }
        return ApiResponse.json(201, Json.bytes(body));
    }

    private ObjectNode access(UserInfo user, JsonNode spec, String path) {
        JsonNode ra = spec.path("resourceAttributes");
        JsonNode nra = spec.path("nonResourceAttributes");
        Attributes a;
        if (ra.isObject()) {
            a = new Attributes(user, text(ra, "verb"), true, text(ra, "group"), text(ra, "resource"),
                    emptyToNull(text(ra, "subresource")), emptyToNull(text(ra, "namespace")),
                    emptyToNull(text(ra, "name")), path);
        } else if (nra.isObject()) {
            a = new Attributes(user, text(nra, "verb"), false, null, null, null, null, null, text(nra, "path"));
        } else {
            throw new ApiException(Status.invalid("authorization.k8s.io", "SelfSubjectAccessReview", "", List.of(
                    new Status.Cause("FieldValueRequired", "Required value: exactly one of nonResourceAttributes or"
                            + " resourceAttributes must be specified", "spec.resourceAttributes"))));
        }
        ObjectNode status = Json.object();
        boolean allowed = authorizer.allowed(a);
        status.put("allowed", allowed);
        if (!allowed) {
            status.put("reason", "");
        }
        return status;
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).asString("");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
