package io.k3j.apiserver.apiextensions;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.registry.DeleteOptions;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.StoreWorker;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the custom resources that CustomResourceDefinitions describe: each served version
 * becomes a registered resource (one storage prefix for all versions), the definition's status
 * gets upstream's accepted names and NamesAccepted/Established conditions, and a deleted
 * definition first has all its objects deleted, then its cleanup finalizer removed.
 */
public final class CustomResourceDefinitions implements AutoCloseable {

    private static final String GROUP = "apiextensions.k8s.io";

    private final Registry registry;
    private final Clock clock;
    /** Per definition name: the served (group, version, resource) ids and the spec they were built from. */
    private final Map<String, Served> served = new HashMap<>();
    private StoreWorker worker;

    private record Served(String spec, List<String[]> resources) {
    }

    public CustomResourceDefinitions(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    private GenericStore definitions() {
        return registry.store(GROUP, "v1", "customresourcedefinitions");
    }

    /** Serves every existing definition, then follows changes. */
    public void start() {
        for (ObjectNode crd : definitions().list(null, ListOptions.all()).items()) {
            sync(Meta.name(crd));
        }
        worker = new StoreWorker("crd-controller", definitions(), e -> true, this::sync);
        worker.start();
    }

    /** Brings the served resources and the status of one definition in line with its spec. */
    synchronized void sync(String name) {
        ObjectNode crd;
        try {
            crd = definitions().get(null, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                stopServing(name);
                return;
            }
            throw e;
        }
        if (Meta.isDeleting(crd)) {
            finishDeletion(crd);
            return;
        }
        String conflict = namesConflict(crd);
        if (conflict == null) {
            serve(name, crd);
        }
        updateStatus(crd, conflict);
    }

    private void serve(String name, ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        String signature = spec.toString();
        Served now = served.get(name);
        if (now != null && now.spec().equals(signature)) {
            return;
        }
        List<String[]> resources = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(false)) {
                continue;
            }
            ResourceType type = type(spec, v, storageApiVersion(spec));
            registry.register(type);
            resources.add(new String[]{type.group(), type.version(), type.resource()});
            keep.add(type.version());
        }
        if (now != null) {
            for (String[] r : now.resources()) {
                if (!keep.contains(r[1]) || !r[2].equals(spec.path("names").path("plural").asString(""))) {
                    registry.unregister(r[0], r[1], r[2]);
                }
            }
        }
        served.put(name, new Served(signature, resources));
    }

    /** group/storage-version when the definition has more than one version; else null. */
    private static String storageApiVersion(JsonNode spec) {
        if (spec.path("versions").size() < 2) {
            return null;
        }
        for (JsonNode v : spec.path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                return spec.path("group").asString("") + "/" + v.path("name").asString("");
            }
        }
        return null;
    }

    private static ResourceType type(JsonNode spec, JsonNode version, String storageApiVersion) {
        JsonNode names = spec.path("names");
        Set<String> subresources = new HashSet<>();
        if (version.path("subresources").path("status").isObject()) {
            subresources.add("status");
        }
        if (version.path("subresources").path("scale").isObject()) {
            subresources.add("scale");
        }
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(s -> shortNames.add(s.asString("")));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(s -> categories.add(s.asString("")));
        return new ResourceType(spec.path("group").asString(""), version.path("name").asString(""),
                names.path("plural").asString(""), names.path("kind").asString(""),
                names.path("singular").asString(""), "Namespaced".equals(spec.path("scope").asString("")),
                shortNames, categories, subresources, new CustomResourceStrategy(version, storageApiVersion));
    }

    private void stopServing(String name) {
        Served s = served.remove(name);
        if (s != null) {
            for (String[] r : s.resources()) {
                registry.unregister(r[0], r[1], r[2]);
            }
        }
    }

    /** Another established definition of the same group already uses this plural or kind. */
    private String namesConflict(ObjectNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        String plural = spec.path("names").path("plural").asString("");
        String kind = spec.path("names").path("kind").asString("");
        for (ObjectNode other : definitions().list(null, ListOptions.all()).items()) {
            if (Meta.name(other).equals(Meta.name(crd)) || !group.equals(other.path("spec").path("group").asString(""))) {
                continue;
            }
            JsonNode accepted = other.path("status").path("acceptedNames");
            if (plural.equals(accepted.path("plural").asString(null))) {
                return "\"" + plural + "\" is already in use";
            }
            if (kind.equals(accepted.path("kind").asString(null))) {
                return "\"" + kind + "\" is already in use";
            }
        }
        return null;
    }

    private void updateStatus(ObjectNode crd, String conflict) {
        ObjectNode status = Json.object();
        ObjectNode old = crd.path("status").isObject() ? (ObjectNode) crd.get("status") : Json.object();
        ArrayNode conditions = status.putArray("conditions");
        if (conflict == null) {
            status.set("acceptedNames", accepted(crd.path("spec").path("names")));
            conditions.add(condition(old, "NamesAccepted", "True", "NoConflicts", "no conflicts found"));
            conditions.add(condition(old, "Established", "True", "InitialNamesAccepted",
                    "the initial names have been accepted"));
        } else {
            status.set("acceptedNames", old.path("acceptedNames").isObject() ? old.get("acceptedNames")
                    : Json.object().put("plural", "").put("kind", ""));
            conditions.add(condition(old, "NamesAccepted", "False", conflict.contains("\"" + crd.path("spec")
                    .path("names").path("plural").asString("") + "\"") ? "PluralConflict" : "KindConflict", conflict));
            conditions.add(condition(old, "Established", "False", "NotAccepted", "not all names are accepted"));
        }
        ArrayNode stored = status.putArray("storedVersions");
        old.path("storedVersions").forEach(stored::add);
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false) && !contains(stored, v.path("name").asString(""))) {
                stored.add(v.path("name").asString(""));
            }
        }
        if (status.equals(old)) {
            return;
        }
        ObjectNode updated = crd.deepCopy();
        updated.set("status", status);
        definitions().update(null, Meta.name(crd), updated, "status", false, GenericStore.SERVER_MANAGER);
    }

    private static ObjectNode accepted(JsonNode names) {
        ObjectNode a = Json.object();
        for (String f : List.of("plural", "singular", "shortNames", "kind", "listKind", "categories")) {
            if (names.has(f)) {
                a.set(f, names.get(f).deepCopy());
            }
        }
        return a;
    }

    /** A condition, keeping its transition time when its status did not change. */
    private ObjectNode condition(ObjectNode oldStatus, String type, String status, String reason, String message) {
        String since = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode c : oldStatus.path("conditions")) {
            if (type.equals(c.path("type").asString("")) && status.equals(c.path("status").asString(""))) {
                since = c.path("lastTransitionTime").asString(since);
            }
        }
        ObjectNode c = Json.object();
        c.put("type", type).put("status", status).put("lastTransitionTime", since).put("reason", reason)
                .put("message", message);
        return c;
    }

    /** Deletes every object of a deleted definition, then lets the definition go. */
    private void finishDeletion(ObjectNode crd) {
        String name = Meta.name(crd);
        Served s = served.get(name);
        if (s != null && !s.resources().isEmpty()) {
            String[] r = s.resources().getFirst();
            GenericStore store = registry.store(r[0], r[1], r[2]);
            if (store != null) {
                for (ObjectNode o : store.list(null, ListOptions.all()).items()) {
                    try {
                        store.delete(Meta.namespace(o), Meta.name(o), DeleteOptions.defaults());
                    } catch (ApiException e) {
                        if (e.status().code() != 404) {
                            throw e;
                        }
                    }
                }
                if (!store.list(null, ListOptions.all()).items().isEmpty()) {
                    throw new IllegalStateException("custom resources of " + name + " remain (finalizers)");
                }
            }
        }
        stopServing(name);
        ObjectNode updated = crd.deepCopy();
        ArrayNode finalizers = Meta.metadata(updated).withArray("finalizers");
        for (int i = finalizers.size() - 1; i >= 0; i--) {
            if (CustomResourceDefinitionStrategy.CLEANUP_FINALIZER.equals(finalizers.get(i).asString(""))) {
                finalizers.remove(i);
            }
        }
        definitions().update(null, name, updated, null, false, GenericStore.SERVER_MANAGER);
    }

    private static boolean contains(ArrayNode a, String v) {
        for (JsonNode n : a) {
            if (n.asString("").equals(v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
