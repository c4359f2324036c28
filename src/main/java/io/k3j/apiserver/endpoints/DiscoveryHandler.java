package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Legacy discovery: /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}. */
public final class DiscoveryHandler {

    private final Registry registry;
    private final String serverAddress;
    private final AggregatedDiscovery aggregated;

    public DiscoveryHandler(Registry registry, String serverAddress) {
        this.registry = registry;
        this.serverAddress = serverAddress;
        this.aggregated = new AggregatedDiscovery(registry);
    }

    /** The review resources (create only, no store) served beside the registry's, as resource types. */
    public static List<ResourceType> reviewResources() {
        return ReviewHandler.RESOURCES.stream().map(v -> new ResourceType(v.group(), v.version(), v.resource(),
                v.kind(), v.kind().toLowerCase(java.util.Locale.ROOT), v.namespaced(), List.of(), List.of(),
                java.util.Set.of(), io.k3j.apiserver.registry.Strategy.DEFAULT)).toList();
    }

    /** Answers a discovery path, or returns null when {@code parts} is not one. */
    public ApiResponse handle(List<String> parts, String accept) {
        if (parts.size() == 1 && (parts.getFirst().equals("api") || parts.getFirst().equals("apis"))) {
            String version = AggregatedDiscovery.negotiate(accept);
            if (version != null) {
                return aggregated.render(parts.getFirst().equals("api"), version);
            }
        }
        return legacy(parts);
    }

    private ApiResponse legacy(List<String> parts) {
        if (parts.size() == 1 && parts.getFirst().equals("api")) {
            ObjectNode o = Json.object();
            o.put("kind", "APIVersions");
            o.putArray("versions").add("v1");
            ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
            addr.put("clientCIDR", "0.0.0.0/0");
            addr.put("serverAddress", serverAddress);
            return ok(o);
        }
        if (parts.size() == 2 && parts.get(0).equals("api")) {
            return resourceList("", parts.get(1));
        }
        if (parts.size() == 1 && parts.getFirst().equals("apis")) {
            ObjectNode o = Json.object();
            o.put("kind", "APIGroupList");
            o.put("apiVersion", "v1");
            ArrayNode groups = o.putArray("groups");
            for (Map.Entry<String, List<String>> g : groups().entrySet()) {
                groups.add(group(g.getKey(), g.getValue()));
            }
            return ok(o);
        }
        if (parts.size() == 2 && parts.get(0).equals("apis")) {
            List<String> versions = groups().get(parts.get(1));
            if (versions == null) {
                throw new ApiException(Status.notFound("the server could not find the requested resource"));
            }
            ObjectNode o = group(parts.get(1), versions);
            o.put("kind", "APIGroup");
            o.put("apiVersion", "v1");
            return ok(o);
        }
        if (parts.size() == 3 && parts.get(0).equals("apis")) {
            return resourceList(parts.get(1), parts.get(2));
        }
        return null;
    }

    private Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (GenericStore s : registry.stores()) {
            ResourceType t = s.type();
            if (t.group().isEmpty()) {
                continue;
            }
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) {
                versions.add(t.version());
            }
        }
        for (ReviewHandler.Virtual v : ReviewHandler.RESOURCES) {
            List<String> versions = out.computeIfAbsent(v.group(), g -> new ArrayList<>());
            if (!versions.contains(v.version())) {
                versions.add(v.version());
            }
        }
        return out;
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode g = Json.object();
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode vn = vs.addObject();
            vn.put("groupVersion", name + "/" + v);
            vn.put("version", v);
        }
        ObjectNode pref = g.putObject("preferredVersion");
        pref.put("groupVersion", name + "/" + versions.getFirst());
        pref.put("version", versions.getFirst());
        return g;
    }

    private ApiResponse resourceList(String group, String version) {
        List<ResourceType> types = new ArrayList<>();
        for (GenericStore s : registry.stores()) {
            if (s.type().group().equals(group) && s.type().version().equals(version)) {
                types.add(s.type());
            }
        }
        List<ReviewHandler.Virtual> virtuals = ReviewHandler.RESOURCES.stream()
                .filter(v -> v.group().equals(group) && v.version().equals(version)).toList();
        if (types.isEmpty() && virtuals.isEmpty()) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.resource());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            for (String v : new TreeSet<>(ResourceType.VERBS)) {
                verbs.add(v);
            }
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode cat = r.putArray("categories");
                t.categories().forEach(cat::add);
            }
            for (String sub : new TreeSet<>(t.subresources())) {
                ObjectNode sr = resources.addObject();
                sr.put("name", t.resource() + "/" + sub);
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                sr.put("kind", sub.equals("scale") ? "Scale" : sub.equals("binding") ? "Binding"
                        : sub.equals("eviction") ? "Eviction" : sub.equals("token") ? "TokenRequest" : t.kind());
                ArrayNode sv = sr.putArray("verbs");
                if (sub.equals("binding")) {
                    sv.add("create");
                } else if (sub.equals("eviction")) {
                    sv.add("create");
                    sr.put("group", "policy");
                    sr.put("version", "v1");
                } else if (sub.equals("finalize")) {
                    sv.add("update");
                } else if (sub.equals("token")) {
                    sv.add("create");
                    sr.put("group", "authentication.k8s.io");
                    sr.put("version", "v1");
                } else {
                    sv.add("get").add("patch").add("update");
                }
                if (sub.equals("scale")) {
                    sr.put("group", "autoscaling");
                    sr.put("version", "v1");
                }
            }
        }
        if (group.isEmpty() && version.equals("v1")) {
            // the legacy create-only bindings resource (BindingHandler)
            ObjectNode b = resources.addObject();
            b.put("name", "bindings");
            b.put("singularName", "binding");
            b.put("namespaced", true);
            b.put("kind", "Binding");
            b.putArray("verbs").add("create");
        }
        for (ReviewHandler.Virtual v : virtuals) {
            ObjectNode r = resources.addObject();
            r.put("name", v.resource());
            r.put("singularName", v.kind().toLowerCase(java.util.Locale.ROOT));
            r.put("namespaced", v.namespaced());
            r.put("kind", v.kind());
            r.putArray("verbs").add("create");
        }
        return ok(o);
    }

    private static ApiResponse ok(ObjectNode o) {
        return ApiResponse.json(200, Json.bytes(o));
    }
}
