package io.k3j.apiserver.endpoints;

import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Authorizer;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview (kubectl auth can-i): may the caller do what the spec describes.
 * The request comes back with the authorizer's answer in its status.
 */
final class SelfSubjectAccessReviews implements ReviewHandler.Review {

    private final Authorizer authorizer;

    SelfSubjectAccessReviews(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ObjectNode create(UserInfo caller, ObjectNode body, String namespace) {
        JsonNode spec = body.path("spec");
        List<Status.Cause> causes = AccessReviews.validateSpec(spec, false);
        if (!causes.isEmpty()) {
            throw AccessReviews.invalid(causes);
        }
        body.set("metadata", AccessReviews.metadata(body));
        body.set("status", AccessReviews.status(authorizer.authorize(AccessReviews.attributes(caller, spec))));
        return body;
    }
}
