package io.k3j.client;

/**
 * A resource type as the API addresses it (upstream's GroupVersionResource): the core group is
 * {@code ""}. Builds the collection and object paths.
 */
public record Resource(String group, String version, String resource) {

    public static Resource core(String resource) {
        return new Resource("", "v1", resource);
    }

    public static Resource of(String group, String version, String resource) {
        return new Resource(group, version, resource);
    }

    /** The collection path: in {@code namespace}, or across namespaces / cluster-scoped when null. */
    public String path(String namespace) {
        StringBuilder p = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespace != null && !namespace.isEmpty()) {
            p.append("/namespaces/").append(namespace);
        }
        return p.append('/').append(resource).toString();
    }

    /** The path of one object, or of its {@code subresource} when non-null. */
    public String path(String namespace, String name, String subresource) {
        String p = path(namespace) + "/" + name;
        return subresource == null || subresource.isEmpty() ? p : p + "/" + subresource;
    }

    /** {@code apiVersion} as objects of this resource carry it. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
