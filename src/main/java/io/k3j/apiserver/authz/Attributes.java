package io.k3j.apiserver.authz;

import io.k3j.apiserver.authn.UserInfo;

/** What a request wants to do, as upstream's authorizer.Attributes: who, verb, and the target. */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String apiGroup, String resource,
                         String subresource, String namespace, String name, String path) {

    /** Upstream's 403 message for a denied request. */
    public String forbiddenMessage() {
        if (!resourceRequest) {
            return "forbidden: User \"" + user.name() + "\" cannot " + verb + " path \"" + path + "\"";
        }
        String res = subresource == null ? resource : resource + "/" + subresource;
        String qualified = apiGroup == null || apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
        StringBuilder sb = new StringBuilder();
        sb.append(qualified);
        if (name != null) {
            sb.append(" \"").append(name).append('"');
        }
        sb.append(" is forbidden: User \"").append(user.name()).append("\" cannot ").append(verb)
                .append(" resource \"").append(res).append("\" in API group \"").append(apiGroup == null ? "" : apiGroup)
                .append('"');
        if (namespace != null && !namespace.isEmpty()) {
            sb.append(" in the namespace \"").append(namespace).append('"');
        } else {
            sb.append(" at the cluster scope");
        }
        return sb.toString();
    }
}
