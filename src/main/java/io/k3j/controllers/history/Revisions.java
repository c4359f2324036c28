package io.k3j.controllers.history;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.controllers.Owners;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ControllerRevisions (apps/v1) as upstream's controller history keeps them for DaemonSets and
 * StatefulSets: a revision holds a patch that restores the owner's pod template, is named
 * {@code <owner>-<hash>} and labelled {@code controller-revision-hash: <hash>}, and carries a
 * revision number one above the newest before it. Stateless; methods taking a client do API calls.
 */
public final class Revisions {

    public static final Resource CONTROLLER_REVISIONS = Resource.of("apps", "v1", "controllerrevisions");
    /** The label on revisions and pods naming the revision's hash (StatefulSet pods: the revision's name). */
    public static final String HASH_LABEL = "controller-revision-hash";
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_PREFIX = 223;

    private Revisions() {
    }

    /**
     * The data a revision of {@code owner} stores: {@code {"spec":{"template":{..., "$patch":"replace"}}}},
     * the strategic merge patch {@code kubectl rollout undo} applies to roll back.
     */
    public static ObjectNode patchData(ObjectNode owner) {
        ObjectNode data = Json.object();
        JsonNode template = owner.path("spec").path("template");
        ObjectNode copy = template.isObject() ? ((ObjectNode) template).deepCopy() : Json.object();
        copy.put("$patch", "replace");
        data.putObject("spec").set("template", copy);
        return data;
    }

    /** The pod template a revision's data restores (without the patch directive). */
    public static ObjectNode templateOf(ObjectNode revision) {
        JsonNode template = revision.path("data").path("spec").path("template");
        ObjectNode copy = template.isObject() ? ((ObjectNode) template).deepCopy() : Json.object();
        copy.remove("$patch");
        return copy;
    }

    /**
     * A short, name-safe hash of {@code data} and the collision count (FNV-1a over the data's JSON,
     * then the count), rendered in upstream's vowel-free alphabet.
     */
    public static String hash(JsonNode data, Integer collisionCount) {
        int h = 0x811c9dc5;
        for (byte b : Json.bytes(canonical(data))) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        if (collisionCount != null) {
            for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII)) {
                h = (h ^ (b & 0xff)) * 0x01000193;
            }
        }
        String decimal = Long.toString(Integer.toUnsignedLong(h));
        StringBuilder out = new StringBuilder(decimal.length());
        for (char c : decimal.toCharArray()) {
            out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }

    /** {@code data} with object fields in sorted order, so equal content hashes equally. */
    static JsonNode canonical(JsonNode data) {
        if (data instanceof ObjectNode o) {
            ObjectNode sorted = Json.object();
            List<String> names = new ArrayList<>(o.propertyNames());
            names.sort(Comparator.naturalOrder());
            for (String n : names) {
                sorted.set(n, canonical(o.get(n)));
            }
            return sorted;
        }
        if (data != null && data.isArray()) {
            var array = Json.MAPPER.createArrayNode();
            for (JsonNode e : data) {
                array.add(canonical(e));
            }
            return array;
        }
        return data;
    }

    /** Upstream's ControllerRevisionName: the owner's name (cut to 223 characters), a dash, the hash. */
    public static String name(String owner, String hash) {
        return (owner.length() > MAX_PREFIX ? owner.substring(0, MAX_PREFIX) : owner) + "-" + hash;
    }

    /**
     * A new revision of {@code owner}: the template's labels plus the hash label, a controlling owner
     * reference, {@code data} and {@code revision}.
     */
    public static ObjectNode newRevision(ObjectNode owner, String apiVersion, String kind, JsonNode data,
                                         long revision, Integer collisionCount) {
        String hash = hash(data, collisionCount);
        ObjectNode cr = Json.object();
        cr.put("apiVersion", "apps/v1");
        cr.put("kind", "ControllerRevision");
        ObjectNode meta = cr.putObject("metadata");
        meta.put("name", name(Meta.name(owner), hash));
        meta.put("namespace", Meta.namespace(owner));
        ObjectNode labels = meta.putObject("labels");
        JsonNode templateLabels = owner.path("spec").path("template").path("metadata").path("labels");
        if (templateLabels.isObject()) {
            labels.setAll((ObjectNode) templateLabels.deepCopy());
        }
        labels.put(HASH_LABEL, hash);
        meta.putArray("ownerReferences").add(Owners.controllerRef(owner, apiVersion, kind));
        cr.set("data", data.deepCopy());
        cr.put("revision", revision);
        return cr;
    }

    public static long revisionNumber(ObjectNode revision) {
        return revision.path("revision").asLong(0);
    }

    /** Whether two revisions restore the same template. */
    public static boolean equalData(ObjectNode a, ObjectNode b) {
        return Objects.equals(canonical(a.path("data")), canonical(b.path("data")));
    }

    /** Sorted by revision number, then name (upstream's history.SortControllerRevisions). */
    public static List<ObjectNode> sorted(List<ObjectNode> revisions) {
        List<ObjectNode> out = new ArrayList<>(revisions);
        out.sort(Comparator.comparingLong(Revisions::revisionNumber).thenComparing(Meta::name));
        return out;
    }

    /** One above the highest revision number, or 1 for none. */
    public static long nextRevision(List<ObjectNode> revisions) {
        return revisions.stream().mapToLong(Revisions::revisionNumber).max().orElse(0) + 1;
    }

    /** The result of {@link #createOrGet}: the stored revision and the collision count used for it. */
    public record Created(ObjectNode revision, int collisionCount) {
    }

    /**
     * Stores {@code revision}; when a revision of that name exists with equal data it is returned;
     * when one exists with other data (a hash collision) the collision count is raised and the name
     * recomputed, as upstream's CreateControllerRevision.
     */
    public static Created createOrGet(ApiClient client, ObjectNode owner, String apiVersion, String kind,
                                      JsonNode data, long number, int collisionCount) {
        int count = collisionCount;
        for (int attempt = 0; attempt < 10; attempt++) {
            ObjectNode revision = newRevision(owner, apiVersion, kind, data, number, count);
            try {
                return new Created(client.create(CONTROLLER_REVISIONS, Meta.namespace(owner), revision), count);
            } catch (ApiException e) {
                if (e.status().code() != 409) {
                    throw e;
                }
                ObjectNode existing = client.get(CONTROLLER_REVISIONS, Meta.namespace(owner), Meta.name(revision));
                if (equalData(existing, revision) && Owners.isControlledBy(existing, Meta.uid(owner))) {
                    return new Created(existing, count);
                }
                count++;
            }
        }
        throw new IllegalStateException("too many revision hash collisions for " + Meta.name(owner));
    }

    /** Sets a stored revision's number (the "revision" field is the only mutable one upstream uses). */
    public static ObjectNode renumber(ApiClient client, ObjectNode revision, long number) {
        ObjectNode copy = revision.deepCopy();
        copy.put("revision", number);
        return client.update(CONTROLLER_REVISIONS, Meta.namespace(revision), copy);
    }

    /** Labels of the pod template of {@code owner}, for callers that build pods. */
    public static Map<String, String> templateLabels(ObjectNode owner) {
        JsonNode labels = owner.path("spec").path("template").path("metadata").path("labels");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
        return out;
    }
}
