package io.k3j.apiserver.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * List helpers of {@link StrategicMergePatch}: item identity (by merge key, or by value for scalars), the
 * element checks upstream makes before merging, and upstream's order of a merged list. Stateless.
 */
final class ListOrder {

    private ListOrder() {}

    /**
     * Orders a merged list as upstream does: the items that {@code patchOrder} names, in its order; the
     * others (server-only items) in their order on the server; then the two interleaved, taking a server
     * item first only when the server has both items and had it in front.
     */
    static ArrayNode order(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                           String key) {
        if (key != null) {
            for (JsonNode item : patchOrder) {
                requireKey(item, key, true);
            }
            for (JsonNode item : serverOrder) {
                requireKey(item, key, false);
            }
        }
        List<JsonNode> fromPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            requireKey(item, key, false);
            (indexOf(patchOrder, item, key) >= 0 ? fromPatch : serverOnly).add(item);
        }
        sortBy(fromPatch, patchOrder, key);
        sortBy(serverOnly, serverOrder, key);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < fromPatch.size()) {
            if (j >= fromPatch.size()) {
                out.add(serverOnly.get(i++));
            } else if (i >= serverOnly.size()) {
                out.add(fromPatch.get(j++));
            } else {
                int left = indexOf(serverOrder, serverOnly.get(i), key);
                int right = indexOf(serverOrder, fromPatch.get(j), key);
                out.add(left >= 0 && right >= 0 && left < right ? serverOnly.get(i++) : fromPatch.get(j++));
            }
        }
        return out;
    }

    /** Stable sort by position in {@code order}; items it lacks go last. */
    private static void sortBy(List<JsonNode> items, List<JsonNode> order, String key) {
        items.sort(Comparator.comparingInt(item -> {
            int at = indexOf(order, item, key);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
    }

    /** Position of the first item of {@code list} that is {@code item} (same merge-key value, or equal scalar). */
    static int indexOf(List<JsonNode> list, JsonNode item, String key) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode other = list.get(i);
            if (key == null ? sameValue(other, item)
                    : other.has(key) && item.has(key) && sameValue(other.get(key), item.get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether two items are the same item: equal merge-key values (both must have one), or equal values. */
    static boolean same(JsonNode a, JsonNode b, String key, boolean inPatch) {
        if (key == null) {
            return sameValue(a, b);
        }
        requireKey(a, key, inPatch);
        requireKey(b, key, inPatch);
        return sameValue(a.get(key), b.get(key));
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        return JsonPatch.valuesEqual(a, b);
    }

    /**
     * Checks that both lists hold items of one kind, not lists, and tells whether they are objects.
     *
     * @throws PatchException (does not apply) for lists of lists or mixed items
     */
    static boolean checkElements(ArrayNode original, ArrayNode patch) {
        JsonNodeType kind = null;
        for (ArrayNode list : List.of(original, patch)) {
            for (JsonNode item : list) {
                if (item.isArray()) {
                    throw new PatchException("lists of lists are not supported");
                }
                if (kind == null) {
                    kind = item.getNodeType();
                } else if (kind != item.getNodeType()) {
                    throw new PatchException("list element types are not identical: [" + GoFormat.value(original)
                            + " " + GoFormat.value(patch) + "]");
                }
            }
        }
        return kind == JsonNodeType.OBJECT;
    }

    private static void requireKey(JsonNode item, String key, boolean inPatch) {
        if (key != null && !(item instanceof ObjectNode object && object.has(key))) {
            throw noMergeKey(item, key, inPatch);
        }
    }

    /** Upstream's error for an item without its merge key: a malformed patch, or an object it cannot apply to. */
    static PatchException noMergeKey(JsonNode item, String key, boolean inPatch) {
        String message = item.isObject()
                ? "map: " + GoFormat.value(item) + " does not contain declared merge key: " + key
                : "expected a map[string]interface {}, but received a " + GoFormat.type(item);
        return new PatchException(message, inPatch);
    }
}
