package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.RuleResolver;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview (kubectl auth can-i --list): the rules that apply to the caller in
 * spec.namespace. As upstream, the answer carries only the status (empty spec), and a missing namespace is a 400.
 */
final class SelfSubjectRulesReviews implements ReviewHandler.Review {

    private final RuleResolver resolver;

    /** A null resolver lists nothing, as upstream with no authorizer that can enumerate rules. */
    SelfSubjectRulesReviews(RuleResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public ObjectNode create(UserInfo caller, ObjectNode body, String namespace) {
        String ns = AccessReviews.text(body.path("spec"), "namespace");
        if (ns.isEmpty()) {
            throw new ApiException(Status.badRequest("no namespace on request"));
        }
        RuleResolver.Rules rules = resolver == null ? new RuleResolver.Rules(List.of(), List.of(), false, "")
                : resolver.rulesFor(caller, ns);
        ObjectNode out = Json.object();
        out.putObject("metadata");
        out.putObject("spec");
        ObjectNode status = out.putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        rules.resourceRules().forEach(resourceRules::add);
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        rules.nonResourceRules().forEach(nonResourceRules::add);
        status.put("incomplete", rules.incomplete());
        if (!rules.evaluationError().isEmpty()) {
            status.put("evaluationError", rules.evaluationError());
        }
        return out;
    }
}
