package io.k3j.apiserver.registry;

import java.util.List;
import java.util.Set;

/**
 * One served resource: where it lives in the API (group, version, plural name), what it is
 * (kind, scope, names) and how it behaves (its {@link Strategy}). Immutable.
 */
public record ResourceType(String group, String version, String resource, String kind, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           Set<String> subresources, Strategy strategy) {

    public static final Set<String> VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** "v1" for the core group, "group/version" otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Datastore prefix of every object of this resource, ending in '/'. */
    public String keyPrefix() {
        return group.isEmpty() ? "/registry/" + resource + "/" : "/registry/" + group + "/" + resource + "/";
    }

    /** Datastore key of one object. */
    public String key(String namespace, String name) {
        return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
    }

    /** Datastore prefix of one namespace's objects, or of all objects when {@code namespace} is null. */
    public String prefix(String namespace) {
        return namespaced && namespace != null ? keyPrefix() + namespace + "/" : keyPrefix();
    }

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    /** "pods" for the core group, "deployments.apps" otherwise, as in upstream messages. */
    public String qualifiedResource() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
