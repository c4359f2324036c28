package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import io.k3j.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code paths} of an OpenAPI document for served resources, laid out as upstream's
 * apiserver lays them out: the collection ({@code get} list, {@code post}, {@code delete}
 * collection), the object ({@code get}, {@code put}, {@code patch}, {@code delete}), the
 * all-namespaces list, subresources (status, scale, finalize, approval) and the deprecated
 * {@code /watch/} paths. Each operation has upstream's operationId, tag,
 * {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}; writes take
 * {@code dryRun}, {@code fieldManager} and {@code fieldValidation} (kubectl looks for the last on
 * a kind's PATCH operation to decide that the server validates fields); patches accept the four
 * patch media types. Swagger 2.0 and OpenAPI 3.0 differ only in how parameters, bodies and
 * responses are written. Not thread-safe; one instance per document.
 */
final class Paths {

    /** A served resource; {@code createOnly} for the review kinds, which only take POST. */
    record Resource(ResourceType type, boolean createOnly) {
    }

    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");
    private static final List<String> PRODUCES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    private static final List<String> STREAMS = List.of("application/json;stream=watch",
            "application/vnd.kubernetes.protobuf;stream=watch");

    private final Definitions defs;
    private final boolean v3;
    private final Map<String, ObjectNode> paths = new TreeMap<>();

    Paths(Definitions defs, Definitions.Flavor flavor) {
        this.defs = defs;
        this.v3 = flavor == Definitions.Flavor.V3;
    }

    /** The path items so far, sorted by path. */
    Map<String, ObjectNode> items() {
        return paths;
    }

    /** Adds every path of {@code r}. */
    void add(Resource r) {
        ResourceType t = r.type();
        // custom resources take no strategic merge patch (they have no patch tags), and kubectl
        // picks its patch type from what the PATCH operation lists
        patchTypes = t.strategy().openApiSchema() == null ? PATCH_TYPES
                : PATCH_TYPES.stream().filter(m -> !m.contains("strategic")).toList();
        Definitions.Gvk gvk = new Definitions.Gvk(t.group(), t.version(), t.kind());
        String def = t.strategy().openApiSchema() != null
                ? defs.customKind(t.group(), t.version(), t.kind(), t.strategy().openApiSchema())
                : defs.kind(t.group(), t.version(), t.kind());
        String prefix = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
        String gv = groupVersionName(t.group(), t.version());
        String tag = tag(t.group(), t.version());
        if (r.createOnly()) {
            ObjectNode item = t.namespaced()
                    ? item(prefix + "/namespaces/{namespace}/" + t.resource(), List.of(namespaceParam()))
                    : item(prefix + "/" + t.resource(), List.of());
            item.set("post", op(tag, "post", "create" + gv + (t.namespaced() ? "Namespaced" : "") + t.kind(),
                    "create a " + t.kind(), gvk, writes(false), Body.OBJECT, def, ok(def, "200", "201", "202"), false));
            return;
        }
        String list = defs.listKind(def, t.group(), t.version(), t.kind());
        String ns = t.namespaced() ? "Namespaced" : "";
        String base = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.resource();
        List<ObjectNode> scope = t.namespaced() ? List.of(namespaceParam()) : List.of();
        List<ObjectNode> named = new ArrayList<>(List.of(param("name", "path", "string", "name of the " + t.kind())));
        named.addAll(scope);

        ObjectNode collection = item(base, scope);
        collection.set("get", op(tag, "list", "list" + gv + ns + t.kind(), "list or watch objects of kind " + t.kind(),
                gvk, listParams(), Body.NONE, null, ok(list, "200"), true));
        collection.set("post", op(tag, "post", "create" + gv + ns + t.kind(), "create a " + t.kind(), gvk,
                writes(false), Body.OBJECT, def, ok(def, "200", "201", "202"), false));
        List<ObjectNode> dc = deleteParams();
        dc.addAll(listParams());
        dc.removeIf(p -> p.get("name").asString().equals("watch")
                || p.get("name").asString().equals("allowWatchBookmarks"));
        collection.set("delete", op(tag, "deletecollection", "delete" + gv + "Collection" + ns + t.kind(),
                "delete collection of " + t.kind(), gvk, dc, Body.DELETE, Definitions.DELETE_OPTIONS,
                ok(Definitions.STATUS, "200"), false));
        defs.ref(Definitions.STATUS);

        ObjectNode object = item(base + "/{name}", named);
        object.set("get", op(tag, "get", "read" + gv + ns + t.kind(), "read the specified " + t.kind(), gvk,
                List.of(), Body.NONE, null, ok(def, "200"), false));
        object.set("put", op(tag, "put", "replace" + gv + ns + t.kind(), "replace the specified " + t.kind(), gvk,
                writes(false), Body.OBJECT, def, ok(def, "200", "201"), false));
        object.set("patch", op(tag, "patch", "patch" + gv + ns + t.kind(), "partially update the specified "
                + t.kind(), gvk, writes(true), Body.PATCH, Definitions.PATCH, ok(def, "200", "201"), false));
        object.set("delete", op(tag, "delete", "delete" + gv + ns + t.kind(), "delete a " + t.kind(), gvk,
                deleteParams(), Body.DELETE, Definitions.DELETE_OPTIONS, ok(Definitions.STATUS, "200", "202"),
                false));

        if (t.namespaced()) {
            ObjectNode all = item(prefix + "/" + t.resource(), List.of());
            all.set("get", op(tag, "list", "list" + gv + t.kind() + "ForAllNamespaces", "list or watch objects of kind "
                    + t.kind(), gvk, listParams(), Body.NONE, null, ok(list, "200"), true));
            watch(prefix + "/watch/" + t.resource(), List.of(), "watchlist",
                    "watch" + gv + t.kind() + "ListForAllNamespaces", "watch individual changes to a list of "
                            + t.kind(), gvk, tag);
        }
        String watchBase = prefix + "/watch" + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.resource();
        watch(watchBase, scope, "watchlist", "watch" + gv + ns + t.kind() + "List",
                "watch individual changes to a list of " + t.kind(), gvk, tag);
        watch(watchBase + "/{name}", named, "watch", "watch" + gv + ns + t.kind(),
                "watch changes to an object of kind " + t.kind(), gvk, tag);

        for (String sub : t.subresources().stream().sorted().toList()) {
            if (sub.equals("binding") || sub.equals("eviction") || sub.equals("token")) {
                continue; // create-only; not described yet
            }
            subresource(t, sub, base + "/{name}/" + sub, named, gv, ns, tag, gvk, def);
        }
    }

    private void subresource(ResourceType t, String sub, String path, List<ObjectNode> named, String gv, String ns,
                             String tag, Definitions.Gvk gvk, String def) {
        String suffix = Character.toUpperCase(sub.charAt(0)) + sub.substring(1);
        Definitions.Gvk subGvk = gvk;
        String subDef = def;
        if (sub.equals("scale")) {
            subGvk = new Definitions.Gvk("autoscaling", "v1", "Scale");
            subDef = defs.kind("autoscaling", "v1", "Scale");
        }
        ObjectNode item = item(path, named);
        String id = gv + ns + t.kind() + suffix;
        if (!sub.equals("finalize")) {
            item.set("get", op(tag, "get", "read" + id, "read " + sub + " of the specified " + t.kind(), subGvk,
                    List.of(), Body.NONE, null, ok(subDef, "200"), false));
            item.set("patch", op(tag, "patch", "patch" + id, "partially update " + sub + " of the specified "
                    + t.kind(), subGvk, writes(true), Body.PATCH, Definitions.PATCH, ok(subDef, "200", "201"), false));
        }
        item.set("put", op(tag, "put", "replace" + id, "replace " + sub + " of the specified " + t.kind(), subGvk,
                writes(false), Body.OBJECT, subDef, ok(subDef, "200", "201"), false));
    }

    private void watch(String path, List<ObjectNode> params, String action, String id, String description,
                       Definitions.Gvk gvk, String tag) {
        ObjectNode item = item(path, params);
        item.set("get", op(tag, action, id, description + ". deprecated: use the 'watch' parameter with a list"
                + " operation instead" + (action.equals("watch") ? ", filtered to a single item with the"
                + " 'fieldSelector' parameter." : "."), gvk, listParams(), Body.NONE, null,
                ok(Definitions.WATCH_EVENT, "200"), true));
    }

    private ObjectNode item(String path, List<ObjectNode> params) {
        ObjectNode item = paths.computeIfAbsent(path, p -> Json.object());
        ArrayNode ps = item.putArray("parameters");
        params.forEach(ps::add);
        ps.add(param("pretty", "query", "string", "If 'true', the output is indented."));
        return item;
    }

    private enum Body { NONE, OBJECT, PATCH, DELETE }

    /** The patch media types of the resource being added. */
    private List<String> patchTypes = PATCH_TYPES;

    private ObjectNode op(String tag, String action, String id, String description, Definitions.Gvk gvk,
                         List<ObjectNode> params, Body body, String bodyDef, Map<String, String> responses,
                         boolean stream) {
        ObjectNode op = Json.object();
        op.put("description", description);
        List<String> produces = new ArrayList<>(PRODUCES);
        if (stream) {
            produces.addAll(STREAMS);
        }
        if (!v3) {
            strings(op.putArray("consumes"), body == Body.PATCH ? patchTypes : List.of("*/*"));
            strings(op.putArray("produces"), produces);
            strings(op.putArray("schemes"), List.of("https"));
        }
        op.put("operationId", id);
        ArrayNode ps = op.putArray("parameters");
        params.forEach(ps::add);
        if (body != Body.NONE && !v3) {
            ObjectNode b = ps.addObject();
            b.put("in", "body");
            b.put("name", "body");
            if (body != Body.DELETE) {
                b.put("required", true);
            }
            b.set("schema", defs.ref(bodyDef));
        } else if (body != Body.NONE) {
            ObjectNode rb = op.putObject("requestBody");
            ObjectNode content = rb.putObject("content");
            for (String media : body == Body.PATCH ? patchTypes
                    : body == Body.DELETE ? List.of("application/json") : List.of("*/*")) {
                content.putObject(media).set("schema", defs.ref(bodyDef));
            }
            if (body != Body.DELETE) {
                rb.put("required", true);
            }
        }
        if (ps.isEmpty()) {
            op.remove("parameters");
        }
        ObjectNode rs = op.putObject("responses");
        responses.forEach((code, def) -> {
            ObjectNode r = rs.putObject(code);
            r.put("description", switch (code) {
                case "201" -> "Created";
                case "202" -> "Accepted";
                default -> "OK";
            });
            if (v3) {
                ObjectNode content = r.putObject("content");
                for (String media : produces) {
                    content.putObject(media).set("schema", defs.ref(def));
                }
            } else {
                r.set("schema", defs.ref(def));
            }
        });
        rs.putObject("401").put("description", "Unauthorized");
        op.putArray("tags").add(tag);
        op.put("x-kubernetes-action", action);
        op.set("x-kubernetes-group-version-kind", gvk.json());
        return op;
    }

    private static Map<String, String> ok(String def, String... codes) {
        Map<String, String> m = new TreeMap<>();
        for (String c : codes) {
            m.put(c, def);
        }
        return m;
    }

    private List<ObjectNode> writes(boolean patch) {
        List<ObjectNode> p = new ArrayList<>();
        p.add(param("dryRun", "query", "string", "When All, the request is checked and processed but nothing is"
                + " stored. Any other value is refused."));
        if (patch) {
            p.add(param("force", "query", "boolean", "Take over fields other managers own, on apply patches; must"
                    + " be unset for other patch types."));
        }
        p.add(param("fieldManager", "query", "string", "Name of the actor making the change, recorded in"
                + " managedFields: at most 128 printable characters; required for apply patches."));
        p.add(param("fieldValidation", "query", "string", "What to do with unknown or duplicate fields in the"
                + " body: Ignore them, Warn about them (the default) or refuse the request (Strict)."));
        return p;
    }

    private List<ObjectNode> deleteParams() {
        List<ObjectNode> p = new ArrayList<>();
        p.add(param("gracePeriodSeconds", "query", "integer", "Seconds the object gets before it is deleted; 0"
                + " deletes at once, unset uses the kind's default."));
        p.add(param("ignoreStoreReadErrorWithClusterBreakingPotential", "query", "boolean", "Delete an object whose"
                + " stored data cannot be read or decoded, skipping finalizers and checks. Dangerous."));
        p.add(param("orphanDependents", "query", "boolean", "Deprecated: whether dependents are orphaned; use"
                + " propagationPolicy."));
        p.add(param("propagationPolicy", "query", "string", "What happens to dependents: Orphan, Background or"
                + " Foreground."));
        p.add(param("dryRun", "query", "string", "When All, the deletion is checked but not carried out."));
        return p;
    }

    private List<ObjectNode> listParams() {
        return new ArrayList<>(List.of(
                param("allowWatchBookmarks", "query", "boolean", "Ask for BOOKMARK events in a watch; the server"
                        + " sends them when it sees fit."),
                param("continue", "query", "string", "The token from a previous limited list, to read the next"
                        + " page (410 Gone once it has expired)."),
                param("fieldSelector", "query", "string", "Only objects whose fields match, e.g."
                        + " metadata.name=x; everything when unset."),
                param("labelSelector", "query", "string", "Only objects whose labels match; everything when"
                        + " unset."),
                param("limit", "query", "integer", "The most objects to return; the list metadata's continue"
                        + " token then reads on."),
                param("resourceVersion", "query", "string", "The resource version to serve the list from, or to"
                        + " watch from; unset reads the newest state."),
                param("resourceVersionMatch", "query", "string", "How resourceVersion applies to a list:"
                        + " NotOlderThan or Exact."),
                param("sendInitialEvents", "query", "boolean", "Start a watch with the current objects as ADDED"
                        + " events, then a bookmark."),
                param("timeoutSeconds", "query", "integer", "End a list or watch after this many seconds."),
                param("watch", "query", "boolean", "Stream added, modified and deleted events instead of"
                        + " listing.")));
    }

    private ObjectNode namespaceParam() {
        return param("namespace", "path", "string", "The namespace the objects are in.");
    }

    private ObjectNode param(String name, String in, String type, String description) {
        ObjectNode p = Json.object();
        p.put("description", description);
        p.put("in", in);
        p.put("name", name);
        if (in.equals("path")) {
            p.put("required", true);
        }
        if (v3) {
            ObjectNode s = p.putObject("schema");
            s.put("type", type);
            s.put("uniqueItems", true);
        } else {
            p.put("type", type);
            p.put("uniqueItems", true);
        }
        return p;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /** Upstream's group-version part of operation ids: Core V1, Apps V1, RbacAuthorization V1. */
    static String groupVersionName(String group, String version) {
        StringBuilder b = new StringBuilder();
        String g = group.isEmpty() ? "core" : group.endsWith(".k8s.io")
                ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        for (String part : g.split("[.-]")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1);
    }

    /** Upstream's operation tag: core_v1, apps_v1, rbacAuthorization_v1. */
    static String tag(String group, String version) {
        String gv = groupVersionName(group, version);
        String g = gv.substring(0, gv.length() - version.length());
        return Character.toLowerCase(g.charAt(0)) + g.substring(1) + "_" + version;
    }
}
