package io.k3j.apiserver.authz;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Read access to the stored rbac.authorization.k8s.io/v1 objects that {@link RbacAuthorizer} evaluates; objects are
 * returned as stored and must not be modified by callers. Implementations must be thread-safe; each call may reflect a
 * different point in time.
 */
public interface RbacSource {

    /** Every ClusterRole. */
    List<ObjectNode> clusterRoles();

    /** Every ClusterRoleBinding. */
    List<ObjectNode> clusterRoleBindings();

    /** Every Role in the namespace. */
    List<ObjectNode> roles(String namespace);

    /** Every RoleBinding in the namespace. */
    List<ObjectNode> roleBindings(String namespace);

    /** The named ClusterRole, or null if absent. */
    ObjectNode clusterRole(String name);

    /** The named Role in the namespace, or null if absent. */
    ObjectNode role(String namespace, String name);
}
