package io.k3j.apiserver.authz;

import io.k3j.apiserver.authn.UserInfo;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists what a user may do in a namespace, as upstream's authorizer.RuleResolver (behind SelfSubjectRulesReview).
 * Upstream's privileged-group authorizer has no resolver: members of system:masters see the rules RBAC grants them
 * (cluster-admin's through its bootstrap binding).
 */
public interface RuleResolver {

    /**
     * The rules, as authorization.k8s.io/v1 ResourceRule and NonResourceRule JSON in evaluation order (not
     * deduplicated); {@code incomplete} when the resolver could not enumerate everything; {@code evaluationError}
     * empty or the errors met on the way (for RBAC: bindings whose role is missing), in Go's aggregate form.
     */
    record Rules(List<ObjectNode> resourceRules, List<ObjectNode> nonResourceRules, boolean incomplete,
                 String evaluationError) {
    }

    Rules rulesFor(UserInfo user, String namespace);
}
