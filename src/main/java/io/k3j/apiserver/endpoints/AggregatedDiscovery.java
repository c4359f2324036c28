package io.k3j.apiserver.endpoints;

import io.k3j.api.Json;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregated discovery (apidiscovery.k8s.io v2 and v2beta1): every group, version and resource
 * of /api or /apis in one document, served when the client's Accept header asks for it.
 */
final class AggregatedDiscovery {

    private final Registry registry;

    AggregatedDiscovery(Registry registry) {
        this.registry = registry;
    }

    /** The apidiscovery version the Accept header asks for first ("v2", "v2beta1"), or null. */
    static String negotiate(String accept) {
        if (accept == null) {
            return null;
        }
        for (String range : accept.split(",")) {
            String r = range.replace(" ", "").toLowerCase(Locale.ROOT);
            if (!r.startsWith("application/json") || !r.contains("g=apidiscovery.k8s.io")
                    || !r.contains("as=apigroupdiscoverylist")) {
                if (r.startsWith("application/json") && !r.contains("as=")) {
                    return null;
                }
                continue;
            }
            if (r.contains("v=v2beta1")) {
                return "v2beta1";
            }
            if (r.contains("v=v2")) {
                return "v2";
            }
        }
        return null;
    }

    ApiResponse render(boolean core, String version) {
        Map<String, Map<String, List<ResourceType>>> groups = new LinkedHashMap<>();
        for (GenericStore s : registry.stores()) {
            ResourceType t = s.type();
            if (t.group().isEmpty() != core) {
                continue;
            }
            groups.computeIfAbsent(t.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(t.version(), v -> new java.util.ArrayList<>()).add(t);
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + version);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (Map.Entry<String, Map<String, List<ResourceType>>> g : groups.entrySet()) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", g.getKey());
            ArrayNode versions = item.putArray("versions");
            for (Map.Entry<String, List<ResourceType>> v : g.getValue().entrySet()) {
                ObjectNode vn = versions.addObject();
                vn.put("version", v.getKey());
                ArrayNode resources = vn.putArray("resources");
                for (ResourceType t : v.getValue()) {
                    resources.add(resource(t));
                }
                if (core && v.getKey().equals("v1")) {
                    // the legacy create-only bindings resource (BindingHandler)
                    ObjectNode b = resources.addObject();
                    b.put("resource", "bindings");
                    kind(b.putObject("responseKind"), "", "v1", "Binding");
                    b.put("scope", "Namespaced");
                    b.put("singularResource", "binding");
                    b.putArray("verbs").add("create");
                }
                vn.put("freshness", "Current");
            }
        }
        if (!core) {
            Map<String, ArrayNode> reviewGroups = new LinkedHashMap<>();
            for (ReviewHandler.Virtual v : ReviewHandler.RESOURCES) {
                ArrayNode resources = reviewGroups.computeIfAbsent(v.group() + "/" + v.version(), gv -> {
                    ObjectNode item = items.addObject();
                    item.putObject("metadata").put("name", v.group());
                    ObjectNode vn = item.putArray("versions").addObject();
                    vn.put("version", v.version());
                    ArrayNode rs = vn.putArray("resources");
                    vn.put("freshness", "Current");
                    return rs;
                });
                ObjectNode r = resources.addObject();
                r.put("resource", v.resource());
                kind(r.putObject("responseKind"), v.group(), v.version(), v.kind());
                r.put("scope", v.namespaced() ? "Namespaced" : "Cluster");
                r.put("singularResource", v.kind().toLowerCase(Locale.ROOT));
                r.putArray("verbs").add("create");
            }
        }
        return new ApiResponse(200, "application/json;g=apidiscovery.k8s.io;v=" + version
                + ";as=APIGroupDiscoveryList", Json.bytes(list), Map.of("Vary", "Accept"));
    }

    private static ObjectNode resource(ResourceType t) {
        ObjectNode r = Json.object();
        r.put("resource", t.resource());
        kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
        r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", t.singular());
        ArrayNode verbs = r.putArray("verbs");
        new TreeSet<>(ResourceType.VERBS).forEach(verbs::add);
        if (!t.shortNames().isEmpty()) {
            ArrayNode sn = r.putArray("shortNames");
            t.shortNames().forEach(sn::add);
        }
        if (!t.categories().isEmpty()) {
            ArrayNode c = r.putArray("categories");
            t.categories().forEach(c::add);
        }
        if (!t.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (String sub : new TreeSet<>(t.subresources())) {
                ObjectNode s = subs.addObject();
                s.put("subresource", sub);
                if (sub.equals("scale")) {
                    kind(s.putObject("responseKind"), "autoscaling", "v1", "Scale");
                } else if (sub.equals("binding")) {
                    kind(s.putObject("responseKind"), "", "v1", "Binding");
                } else if (sub.equals("eviction")) {
                    kind(s.putObject("responseKind"), "policy", "v1", "Eviction");
                } else if (sub.equals("token")) {
                    kind(s.putObject("responseKind"), "authentication.k8s.io", "v1", "TokenRequest");
                } else {
                    kind(s.putObject("responseKind"), t.group(), t.version(), t.kind());
                }
                ArrayNode sv = s.putArray("verbs");
                if (sub.equals("binding") || sub.equals("eviction")) {
                    sv.add("create");
                } else if (sub.equals("finalize")) {
                    sv.add("update");
                } else if (sub.equals("token")) {
                    sv.add("create");
                } else {
                    sv.add("get").add("patch").add("update");
                }
            }
        }
        return r;
    }

    private static void kind(ObjectNode o, String group, String version, String kind) {
        o.put("group", group);
        o.put("version", version);
        o.put("kind", kind);
    }
}
