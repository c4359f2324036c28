package io.k3j.apiserver.endpoints;

import tools.jackson.databind.node.ObjectNode;

/** The {@code serviceaccounts/token} subresource: answers an authentication.k8s.io/v1 TokenRequest. */
@FunctionalInterface
public interface TokenRequestHandler {

    /**
     * The request (metadata, defaulted spec) with {@code status.token} and {@code status.expirationTimestamp} set,
     * for the account {@code name} in {@code namespace}; throws {@link io.k3j.api.ApiException} for bad requests.
     */
    ObjectNode create(String namespace, String name, ObjectNode request, boolean dryRun);
}
