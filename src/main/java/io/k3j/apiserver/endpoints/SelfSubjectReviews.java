package io.k3j.apiserver.endpoints;

import io.k3j.apiserver.authn.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/** authentication.k8s.io/v1 SelfSubjectReview (kubectl auth whoami): who the caller is authenticated as. */
final class SelfSubjectReviews implements ReviewHandler.Review {

    @Override
    public ObjectNode create(UserInfo caller, ObjectNode body, String namespace) {
        body.set("metadata", AccessReviews.metadata(body));
        body.putObject("status").set("userInfo", TokenReviews.userInfo(caller));
        return body;
    }
}
