package io.k3j.apiserver.registry;

import io.k3j.apiserver.authz.RbacSource;
import io.k3j.apiserver.watch.CachedObject;
import io.k3j.apiserver.watch.WatchCache;
import io.k3j.apiserver.watch.WatchFilter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * RBAC policy read from the watch caches of the rbac.authorization.k8s.io resources, so every
 * authorization decision sees the latest roles and bindings without a datastore read.
 * Thread-safe; the objects returned must not be modified.
 */
public final class CachedRbacSource implements RbacSource {

    private static final String GROUP = "rbac.authorization.k8s.io";

    private final GenericStore clusterRoles;
    private final GenericStore clusterRoleBindings;
    private final GenericStore roles;
    private final GenericStore roleBindings;

    public CachedRbacSource(Registry registry) {
        this.clusterRoles = registry.store(GROUP, "v1", "clusterroles");
        this.clusterRoleBindings = registry.store(GROUP, "v1", "clusterrolebindings");
        this.roles = registry.store(GROUP, "v1", "roles");
        this.roleBindings = registry.store(GROUP, "v1", "rolebindings");
    }

    private static List<ObjectNode> all(GenericStore store, String namespace) {
        WatchCache cache = store.cache();
        List<ObjectNode> out = new ArrayList<>();
        for (CachedObject o : cache.list(store.type().prefix(namespace), null, 0, WatchFilter.ALL).items()) {
            out.add(o.object());
        }
        return out;
    }

    private static ObjectNode one(GenericStore store, String namespace, String name) {
        CachedObject o = store.cache().get(store.type().key(namespace, name));
        return o == null ? null : o.object();
    }

    @Override
    public List<ObjectNode> clusterRoles() {
        return all(clusterRoles, null);
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return all(clusterRoleBindings, null);
    }

    @Override
    public List<ObjectNode> roles(String namespace) {
        return all(roles, namespace);
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return all(roleBindings, namespace);
    }

    @Override
    public ObjectNode clusterRole(String name) {
        return one(clusterRoles, null, name);
    }

    @Override
    public ObjectNode role(String namespace, String name) {
        return one(roles, namespace, name);
    }
}
