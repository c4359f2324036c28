package io.k3j.apiserver.authz;

import io.k3j.apiserver.authn.UserInfo;
import java.util.Optional;

/**
 * Upstream's node identifier: a user named {@code system:node:<name>} in the group
 * {@code system:nodes} is the kubelet of node {@code <name>}. Stateless.
 */
public final class NodeIdentity {

    /** The group every node credential carries. */
    public static final String NODES_GROUP = "system:nodes";
    /** The user name prefix of node credentials. */
    public static final String USER_PREFIX = "system:node:";

    private NodeIdentity() {
    }

    /** The node {@code user} speaks for, or empty when it is not a node credential (or names no node). */
    public static Optional<String> nodeName(UserInfo user) {
        if (user == null || user.name() == null || !user.name().startsWith(USER_PREFIX) || user.groups() == null
                || !user.groups().contains(NODES_GROUP) || user.name().length() == USER_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(user.name().substring(USER_PREFIX.length()));
    }
}
