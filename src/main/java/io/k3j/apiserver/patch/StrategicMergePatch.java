package io.k3j.apiserver.patch;

import io.k3j.apiserver.schema.TypeDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}) over Jackson trees, as
 * the API server applies it (upstream's {@code StrategicMergeMapPatch}); stateless, thread-safe, and never
 * mutates its inputs.
 *
 * <p>Like a JSON merge patch, objects merge member by member and {@code null} deletes a member. Lists
 * follow the field's {@link TypeDef} patch tags: a list tagged {@code merge} with a merge key merges item
 * by item (items matched by that key, new items added), a {@code merge} list of scalars merges as a set,
 * and every other list is replaced. Directives: {@code $patch: replace|delete} in an object,
 * {@code $patch: delete|replace} as a list item, {@code $retainKeys}, {@code $setElementOrder/<field>} and
 * {@code $deleteFromPrimitiveList/<field>}. A merged list is ordered as upstream orders it: the patch's
 * items in the order of {@code $setElementOrder} (or of the patch) and the server's other items placed
 * among them by their order on the server, with new items ahead of server items they cannot be compared
 * with.
 *
 * <p>Failures are {@link PatchException}s: a malformed patch (bad directive, patch item without its merge
 * key, {@code $setElementOrder} that contradicts the patch) is {@link PatchException#invalidPatch()}; a patch
 * that does not fit the object (mixed or nested lists, stored items without their merge key) is not.
 * Messages follow upstream's wording. Deliberate differences: values the object does not have yet are
 * cleaned of every directive and null (upstream leaves some directives in), a {@code $patch: replace}
 * object added as new content keeps its content (upstream drops it), and {@code $deleteFromPrimitiveList}
 * on a list that is not a merged list of scalars fails instead of replacing the list.
 */
public final class StrategicMergePatch {

    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    private StrategicMergePatch() {}

    /**
     * Applies {@code patch} (a JSON object) to a copy of {@code target}, an object of type {@code type}, and
     * returns the result.
     *
     * @throws PatchException if the patch is malformed or does not apply
     */
    public static ObjectNode apply(JsonNode patch, ObjectNode target, TypeDef type) {
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(type, "type");
        if (!(patch instanceof ObjectNode object)) {
            throw invalid("json: cannot unmarshal " + GoFormat.kind(patch)
                    + " into Go value of type map[string]interface {}");
        }
        return mergeObject(target.deepCopy(), object, type);
    }

    /** Merges {@code patch} into {@code original} (owned and modified; null when absent) and returns the result. */
    private static ObjectNode mergeObject(ObjectNode original, ObjectNode patch, TypeDef type) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            if (is(directive, "replace")) {
                ObjectNode content = patch.deepCopy();
                content.remove(DIRECTIVE);
                return mergeObject(null, content, type);
            }
            if (is(directive, "delete")) {
                return io.k3j.api.Json.object();
            }
            throw badPatchType(directive, patch);
        }
        ObjectNode result = original == null ? io.k3j.api.Json.object() : original;
        retainKeys(result, patch);
        Set<String> ordered = new HashSet<>();
        for (String key : patch.propertyNames()) {
            if (key.startsWith(SET_ELEMENT_ORDER)) {
                ordered.add(setElementOrder(result, patch, key, type));
            }
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            if (key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER) || ordered.contains(key)) {
                continue;
            }
            boolean deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
            if (deleteList) {
                key = field(key, DELETE_FROM_PRIMITIVE_LIST);
            }
            if (value.isNull()) {
                result.remove(key);
                continue;
            }
            JsonNode current = result.get(key);
            TypeDef fieldType = type.member(key);
            if (deleteList) {
                deleteFromPrimitiveList(result, key, current, value, fieldType);
            } else if (current instanceof ObjectNode currentObject && value instanceof ObjectNode valueObject
                    && !fieldType.patchReplaces()) {
                result.set(key, mergeObject(currentObject, valueObject, fieldType));
            } else if (current instanceof ArrayNode currentList && value instanceof ArrayNode valueList
                    && fieldType.patchMerges()) {
                result.set(key, mergeList(currentList, valueList, fieldType));
            } else {
                JsonNode fresh = fresh(value, fieldType);
                if (fresh == null) {
                    result.remove(key);
                } else {
                    result.set(key, fresh);
                }
            }
        }
        return result;
    }

    /**
     * A patch value taken as new content: nulls dropped and directives applied to nothing. Null when the
     * value is to be left out altogether (an object marked {@code $patch: delete}).
     */
    private static JsonNode fresh(JsonNode value, TypeDef type) {
        if (value instanceof ObjectNode object) {
            return is(object.get(DIRECTIVE), "delete") ? null : mergeObject(null, object, type);
        }
        if (value instanceof ArrayNode list) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : list) {
                if (item instanceof ObjectNode object) {
                    if (!object.has(DIRECTIVE)) {
                        out.add(mergeObject(null, object, type.items()));
                    }
                } else {
                    out.add(item.deepCopy());
                }
            }
            return out;
        }
        return value.deepCopy();
    }

    /** Applies {@code $retainKeys}: drops the members of {@code result} it does not name. */
    private static void retainKeys(ObjectNode result, ObjectNode patch) {
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw invalid("invalid patch format of retainKeys");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode name : retain) {
            if (name.isString()) {
                names.add(name.stringValue());
            }
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            if (!member.getValue().isNull() && !key.equals(RETAIN_KEYS) && !key.startsWith(SET_ELEMENT_ORDER)
                    && !key.startsWith(DELETE_FROM_PRIMITIVE_LIST) && !names.contains(key)) {
                throw invalid("invalid patch format of retainKeys");
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String key : result.propertyNames()) {
            if (!names.contains(key)) {
                dropped.add(key);
            }
        }
        dropped.forEach(result::remove);
    }

    /**
     * Applies {@code $setElementOrder/<field>} together with the patch's {@code <field>}: merges them, then
     * orders the list. Returns the field name, which the caller then skips.
     */
    private static String setElementOrder(ObjectNode result, ObjectNode patch, String directiveKey, TypeDef type) {
        String field = field(directiveKey, SET_ELEMENT_ORDER);
        JsonNode order = patch.get(directiveKey);
        if (!(order instanceof ArrayNode orderList)) {
            throw invalid("invalid patch format of setElementOrder list");
        }
        JsonNode current = result.get(field);
        if (current != null && current.isNull()) {
            current = null;
        }
        if (current != null && !current.isArray()) {
            throw new PatchException("expected a []interface {}, but received a " + GoFormat.type(current));
        }
        JsonNode patchValue = patch.get(field);
        if (patchValue != null && !patchValue.isArray()) {
            throw invalid("expected a []interface {}, but received a " + GoFormat.type(patchValue));
        }
        TypeDef fieldType = type.member(field);
        String key = fieldType.patchMerges() ? fieldType.patchMergeKey() : null;
        validateOrder((ArrayNode) patchValue, orderList, key);
        JsonNode merged;
        if (current != null && patchValue != null) {
            merged = fieldType.patchMerges() ? mergeList((ArrayNode) current, (ArrayNode) patchValue, fieldType)
                    : fresh(patchValue, fieldType);
        } else if (patchValue != null) {
            merged = fresh(patchValue, fieldType);
        } else if (current != null) {
            merged = current;
        } else {
            return field;
        }
        List<JsonNode> server = current == null ? List.of() : items(current);
        result.set(field, ListOrder.order(items(merged), items(orderList), server, key));
        return field;
    }

    /**
     * Checks that the patch's items appear in {@code $setElementOrder} in the same relative order (items
     * being deleted and other directive items aside).
     */
    private static void validateOrder(ArrayNode patchList, ArrayNode orderList, String key) {
        if (patchList == null || patchList.isEmpty() || orderList.isEmpty()) {
            return;
        }
        int p = 0;
        int o = 0;
        while (p < patchList.size() && o < orderList.size()) {
            JsonNode item = patchList.get(p);
            if (item instanceof ObjectNode object && object.has(DIRECTIVE)) {
                p++;
                continue;
            }
            if (ListOrder.same(item, orderList.get(o), key, true)) {
                p++;
            }
            o++;
        }
        while (p < patchList.size() && patchList.get(p) instanceof ObjectNode object && object.has(DIRECTIVE)) {
            p++;
        }
        if (p < patchList.size()) {
            throw invalid("the order in patch list:\n" + GoFormat.value(patchList) + "\n doesn't match "
                    + SET_ELEMENT_ORDER + " list:\n" + GoFormat.value(orderList));
        }
    }

    /** Applies {@code $deleteFromPrimitiveList/<field>}: removes the listed scalars from a merged list of scalars. */
    private static void deleteFromPrimitiveList(ObjectNode result, String key, JsonNode current, JsonNode value,
                                                TypeDef type) {
        if (!(value instanceof ArrayNode toDelete) || !type.patchMerges() || type.patchMergeKey() != null) {
            throw invalid("invalid patch format of primitive list");
        }
        for (JsonNode item : toDelete) {
            if (item.isContainer()) {
                throw invalid("invalid patch format of primitive list");
            }
        }
        if (!(current instanceof ArrayNode list)) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : list) {
            if (ListOrder.indexOf(items(toDelete), item, null) < 0) {
                kept.add(item);
            }
        }
        result.set(key, kept);
    }

    /** Merges a list tagged {@code merge}: scalars as a set, objects by the merge key, with list directives. */
    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, TypeDef type) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean objects = ListOrder.checkElements(original, patch);
        String key = type.patchMergeKey();
        List<JsonNode> server = items(original);
        if (!objects) {
            List<JsonNode> merged = new ArrayList<>();
            for (JsonNode item : server) {
                if (ListOrder.indexOf(merged, item, null) < 0) {
                    merged.add(item);
                }
            }
            for (JsonNode item : patch) {
                if (ListOrder.indexOf(merged, item, null) < 0) {
                    merged.add(item.deepCopy());
                }
            }
            return ListOrder.order(merged, items(patch), server, null);
        }
        if (key == null) {
            throw new PatchException("cannot merge lists without merge key for type map");
        }
        List<JsonNode> patchItems = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            JsonNode directive = item.get(DIRECTIVE);
            if (directive == null) {
                patchItems.add(item);
            } else if (is(directive, "delete")) {
                JsonNode keyValue = item.get(key);
                if (keyValue == null) {
                    throw ListOrder.noMergeKey(item, key, true);
                }
                server.removeIf(s -> s.has(key) && ListOrder.sameValue(s.get(key), keyValue));
            } else if (is(directive, "replace")) {
                replace = true;
            } else if (is(directive, "merge")) {
                throw invalid("merging lists cannot yet be specified in the patch");
            } else {
                throw badPatchType(directive, (ObjectNode) item);
            }
        }
        if (replace) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : patchItems) {
                if (!item.has(key)) {
                    throw ListOrder.noMergeKey(item, key, true);
                }
                out.add(mergeObject(null, (ObjectNode) item, type.items()));
            }
            return out;
        }
        List<JsonNode> merged = new ArrayList<>(server);
        for (JsonNode item : patchItems) {
            if (!item.has(key)) {
                throw ListOrder.noMergeKey(item, key, true);
            }
            int at = ListOrder.indexOf(merged, item, key);
            if (at >= 0) {
                merged.set(at, mergeObject((ObjectNode) merged.get(at), (ObjectNode) item, type.items()));
            } else {
                merged.add(mergeObject(null, (ObjectNode) item, type.items()));
            }
        }
        return ListOrder.order(merged, patchItems, server, key);
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> out = new ArrayList<>(list.size());
        list.forEach(out::add);
        return out;
    }

    /** The field a prefixed directive key names ({@code $setElementOrder/containers} → {@code containers}). */
    private static String field(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw invalid(prefix.equals(SET_ELEMENT_ORDER) ? "invalid patch format of setElementOrder list"
                    : "invalid patch format of primitive list");
        }
        return key.substring(slash + 1);
    }

    private static boolean is(JsonNode directive, String value) {
        return directive != null && directive.isString() && directive.stringValue().equals(value);
    }

    private static PatchException badPatchType(JsonNode directive, ObjectNode in) {
        return invalid("unknown patch type: " + GoFormat.value(directive) + " in map: " + GoFormat.value(in));
    }

    static PatchException invalid(String message) {
        return new PatchException(message, true);
    }
}
