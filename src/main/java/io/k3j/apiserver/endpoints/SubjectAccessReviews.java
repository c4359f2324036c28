package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.GoQuote;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Authorizer;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authorization.k8s.io/v1 SubjectAccessReview (cluster-scoped) and LocalSubjectAccessReview (in the URL's
 * namespace): may the user and groups of the spec do what it describes. The request comes back with the
 * authorizer's answer in its status. A local review must ask about its own namespace and about a resource.
 */
final class SubjectAccessReviews implements ReviewHandler.Review {

    private final Authorizer authorizer;
    private final boolean local;

    SubjectAccessReviews(Authorizer authorizer, boolean local) {
        this.authorizer = authorizer;
        this.local = local;
    }

    @Override
    public ObjectNode create(UserInfo caller, ObjectNode body, String namespace) {
        ObjectNode metadata = AccessReviews.metadata(body);
        body.set("metadata", metadata);
        if (local) {
            String own = Meta.string(metadata, "namespace");
            if (own != null && !own.isEmpty() && !own.equals(namespace)) {
                throw new ApiException(Status.badRequest("the namespace of the provided object does not match the"
                        + " namespace sent on the request"));
            }
            metadata.put("namespace", namespace);
        }
        JsonNode spec = body.path("spec");
        List<Status.Cause> causes = new java.util.ArrayList<>(AccessReviews.validateSpec(spec, true));
        if (local) {
            JsonNode ra = spec.path("resourceAttributes");
            String asked = AccessReviews.text(ra, "namespace");
            if (ra.isObject() && !asked.equals(namespace)) {
                causes.add(AccessReviews.invalid("spec.resourceAttributes.namespace", GoQuote.quote(asked),
                        "must match metadata.namespace"));
            }
            JsonNode nra = spec.path("nonResourceAttributes");
            if (nra.isObject()) {
                causes.add(AccessReviews.invalid("spec.nonResourceAttributes", AccessReviews.goValue(nra),
                        "disallowed on this kind of request"));
            }
        }
        if (!causes.isEmpty()) {
            throw AccessReviews.invalid(causes);
        }
        UserInfo subject = AccessReviews.subject(spec);
        body.set("status", AccessReviews.status(authorizer.authorize(AccessReviews.attributes(subject, spec))));
        return body;
    }
}
