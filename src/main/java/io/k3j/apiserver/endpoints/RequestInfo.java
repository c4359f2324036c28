package io.k3j.apiserver.endpoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a request addresses, parsed from method, path and query as upstream's RequestInfoFactory
 * does: for resource requests the verb (get, list, watch, create, update, patch, delete,
 * deletecollection), API group and version, namespace, resource, subresource and name.
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiGroup, String apiVersion,
                          String namespace, String resource, String subresource, String name, List<String> parts) {

    /** Parses a request; non-resource paths come back with {@code resourceRequest} false. */
    public static RequestInfo parse(String method, String path, boolean watchParam) {
        String verb = method.toLowerCase(java.util.Locale.ROOT);
        List<String> segs = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        RequestInfo nonResource = new RequestInfo(false, path, verb, null, null, null, null, null, null, segs);
        if (segs.isEmpty()) {
            return nonResource;
        }
        String group;
        String version;
        int i;
        if (segs.getFirst().equals("api")) {
            if (segs.size() < 3) {
                return nonResource;
            }
            group = "";
            version = segs.get(1);
            i = 2;
        } else if (segs.getFirst().equals("apis")) {
            if (segs.size() < 4) {
                return nonResource;
            }
            group = segs.get(1);
            version = segs.get(2);
            i = 3;
        } else {
            return nonResource;
        }
        boolean legacyWatch = false;
        if (segs.get(i).equals("watch")) {
            legacyWatch = true;
            i++;
        }
        List<String> rest = segs.subList(i, segs.size());
        String namespace = null;
        String resource;
        String name = null;
        String sub = null;
        if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
            if (rest.size() == 2) {
                resource = "namespaces";
                name = rest.get(1);
            } else if (rest.size() == 3 && isNamespaceSubresource(rest.get(2))) {
                resource = "namespaces";
                name = rest.get(1);
                sub = rest.get(2);
            } else {
                namespace = rest.get(1);
                resource = rest.get(2);
                if (rest.size() > 3) {
                    name = rest.get(3);
                }
                if (rest.size() > 4) {
                    sub = String.join("/", rest.subList(4, rest.size()));
                }
            }
        } else if (rest.isEmpty()) {
            return nonResource;
        } else {
            resource = rest.get(0);
            if (rest.size() > 1) {
                name = rest.get(1);
            }
            if (rest.size() > 2) {
                sub = String.join("/", rest.subList(2, rest.size()));
            }
        }
        String v = switch (method) {
            case "GET", "HEAD" -> name == null ? (watchParam || legacyWatch ? "watch" : "list")
                    : (legacyWatch ? "watch" : "get");
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> verb;
        };
        return new RequestInfo(true, path, v, group, version, namespace, resource, sub, name, segs);
    }

    private static boolean isNamespaceSubresource(String s) {
        return s.equals("status") || s.equals("finalize");
    }
}
