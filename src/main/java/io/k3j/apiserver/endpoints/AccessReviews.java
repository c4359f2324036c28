package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.GoQuote;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the access reviews share (upstream's pkg/apis/authorization/validation and pkg/registry/authorization/util):
 * the spec checks, the authorizer attributes a spec asks about, and the status an authorizer's decision becomes.
 * Stateless.
 */
final class AccessReviews {

    private AccessReviews() {
    }

    /**
     * Upstream ValidateSubjectAccessReviewSpec ({@code subjectRequired}) or ValidateSelfSubjectAccessReviewSpec:
     * exactly one of resourceAttributes and nonResourceAttributes, and for a subject review a user or groups.
     */
    static List<Status.Cause> validateSpec(JsonNode spec, boolean subjectRequired) {
        List<Status.Cause> causes = new ArrayList<>();
        JsonNode ra = spec.path("resourceAttributes");
        JsonNode nra = spec.path("nonResourceAttributes");
        if (ra.isObject() && nra.isObject()) {
            causes.add(invalid("spec.nonResourceAttributes", goValue(nra),
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (!ra.isObject() && !nra.isObject()) {
            causes.add(invalid("spec.resourceAttributes", GoQuote.quote("null"),
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        if (subjectRequired && text(spec, "user").isEmpty() && groups(spec).isEmpty()) {
            causes.add(invalid("spec.user", GoQuote.quote(text(spec, "user")),
                    "at least one of user or group must be specified"));
        }
        return causes;
    }

    /** A FieldValueInvalid cause, as upstream's field.Invalid renders it. */
    static Status.Cause invalid(String field, String renderedValue, String detail) {
        return new Status.Cause("FieldValueInvalid", "Invalid value: " + renderedValue + ": " + detail, field);
    }

    /**
     * The 422 upstream answers with: its REST handlers name the kind of the decoded internal object, which is
     * empty, so the message starts with ".authorization.k8s.io".
     */
    static ApiException invalid(List<Status.Cause> causes) {
        return new ApiException(Status.invalid(ReviewHandler.Review.AUTHZ, "", "", causes));
    }

    /** NonResourceAttributes as Go's %#v prints the internal struct. */
    static String goValue(JsonNode nra) {
        return "authorization.NonResourceAttributes{Path:" + GoQuote.quote(text(nra, "path")) + ", Verb:"
                + GoQuote.quote(text(nra, "verb")) + "}";
    }

    /** The user a SubjectAccessReview asks about: spec.user and spec.groups, nothing added. */
    static UserInfo subject(JsonNode spec) {
        return new UserInfo(text(spec, "user"), groups(spec));
    }

    /** Upstream AuthorizationAttributesFrom: the resource or non-resource request the (valid) spec describes. */
    static Attributes attributes(UserInfo user, JsonNode spec) {
        JsonNode ra = spec.path("resourceAttributes");
        if (ra.isObject()) {
            return new Attributes(user, text(ra, "verb"), true, text(ra, "group"), text(ra, "resource"),
                    emptyToNull(text(ra, "subresource")), emptyToNull(text(ra, "namespace")),
                    emptyToNull(text(ra, "name")), "");
        }
        JsonNode nra = spec.path("nonResourceAttributes");
        return new Attributes(user, text(nra, "verb"), false, null, null, null, null, null, text(nra, "path"));
    }

    /** SubjectAccessReviewStatus: allowed always, reason only when there is one (no authorizer here denies). */
    static ObjectNode status(Authorizer.Decision decision) {
        ObjectNode status = Json.object();
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return status;
    }

    /** The object's metadata to echo back (a fresh empty one when absent). */
    static ObjectNode metadata(ObjectNode body) {
        return body.get("metadata") instanceof ObjectNode m ? m : Json.object();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.stringValue() : "";
    }

    private static List<String> groups(JsonNode spec) {
        List<String> out = new ArrayList<>();
        for (JsonNode g : spec.path("groups")) {
            if (g.isString()) {
                out.add(g.stringValue());
            }
        }
        return List.copyOf(out);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
