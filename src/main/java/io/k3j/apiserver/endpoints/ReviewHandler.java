package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.TokenAuthenticator;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.authz.RuleResolver;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-only review resources of authentication.k8s.io and authorization.k8s.io: nothing is stored, each
 * request is answered from its body. This class does what they share (scope and verb checks, the caller's own
 * authorization to create the review, decoding the body, encoding the answer); one {@link Review} per kind computes
 * the answer.
 */
public final class ReviewHandler {

    /** A virtual resource: group, version, plural name, kind, and whether it lives in namespaces. */
    record Virtual(String group, String version, String resource, String kind, boolean namespaced) {
    }

    /** Every review resource, by group and then name, as discovery lists them. */
    static final List<Virtual> RESOURCES = List.of(
            new Virtual(Review.AUTHN, "v1", "selfsubjectreviews", "SelfSubjectReview", false),
            // the beta version kubectl 1.27 asks for (upstream keeps it, off unless enabled)
            new Virtual(Review.AUTHN, "v1beta1", "selfsubjectreviews", "SelfSubjectReview", false),
            new Virtual(Review.AUTHN, "v1", "tokenreviews", "TokenReview", false),
            new Virtual(Review.AUTHZ, "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true),
            new Virtual(Review.AUTHZ, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
            new Virtual(Review.AUTHZ, "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
            new Virtual(Review.AUTHZ, "v1", "subjectaccessreviews", "SubjectAccessReview", false));

    /** One review kind: the answer (metadata, spec, status) to a decoded request. */
    interface Review {

        String AUTHN = "authentication.k8s.io";
        String AUTHZ = "authorization.k8s.io";

        /**
         * Answers the request body from the authenticated caller; {@code namespace} is the URL's (null for
         * cluster-scoped kinds). Throws {@link ApiException} for invalid requests.
         */
        ObjectNode create(UserInfo caller, ObjectNode body, String namespace);
    }

    private final Authorizer authorizer;
    private final Map<String, Review> reviews;

    /**
     * Serves the reviews with the server's authorizer, the rule resolver behind SelfSubjectRulesReview, and the
     * bearer tokens (with the API audiences they are valid for) behind TokenReview.
     */
    public ReviewHandler(Authorizer authorizer, RuleResolver rules, TokenAuthenticator tokens,
                         List<String> apiAudiences) {
        this.authorizer = authorizer;
        this.reviews = Map.of(
                "selfsubjectreviews", new SelfSubjectReviews(),
                "tokenreviews", new TokenReviews(tokens, apiAudiences),
                "localsubjectaccessreviews", new SubjectAccessReviews(authorizer, true),
                "selfsubjectaccessreviews", new SelfSubjectAccessReviews(authorizer),
                "selfsubjectrulesreviews", new SelfSubjectRulesReviews(rules),
                "subjectaccessreviews", new SubjectAccessReviews(authorizer, false));
    }

    /** Handles the request if it addresses a review resource; null otherwise. */
    ApiResponse handle(ApiRequest req, RequestInfo info) {
        Virtual v = RESOURCES.stream().filter(r -> r.group().equals(info.apiGroup())
                && r.version().equals(info.apiVersion()) && r.resource().equals(info.resource())).findFirst()
                .orElse(null);
        if (v == null) {
            return null;
        }
        if ((info.namespace() != null) != v.namespaced() || info.name() != null || info.subresource() != null) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        if (!info.verb().equals("create")) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        UserInfo user = req.user().orElseThrow(() -> new ApiException(Status.unauthorized()));
        Attributes self = new Attributes(user, "create", true, v.group(), v.resource(), null, info.namespace(), null,
                info.path());
        if (!authorizer.allowed(self)) {
            throw new ApiException(new Status(403, "Forbidden", self.forbiddenMessage(),
                    new Status.Details(null, v.group(), v.resource(), null, null)));
        }
        ObjectNode answer = reviews.get(v.resource()).create(user, decode(req, v), info.namespace());
        return ApiResponse.json(201, encode(v, answer));
    }

    /** The request body as a JSON object; the one place a review's wire format is read. */
    private static ObjectNode decode(ApiRequest req, Virtual v) {
        return Bodies.object(req, v.group() + "/" + v.version(), v.kind());
    }

    /** The answer as JSON, kind and apiVersion first; the one place a review's wire format is written. */
    private static byte[] encode(Virtual v, ObjectNode answer) {
        ObjectNode out = Json.object();
        out.put("kind", v.kind());
        out.put("apiVersion", v.group() + "/" + v.version());
        if (!answer.has("metadata")) {
            out.putObject("metadata");
        }
        answer.properties().forEach(e -> {
            if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return Json.bytes(out);
    }
}
