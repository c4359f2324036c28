package io.k3j.apiserver.patch;

import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON Merge Patch over Jackson trees; stateless, thread-safe, and never mutates its inputs.
 *
 * <p>Follows the RFC exactly: a {@code null} member deletes the key, a non-object patch replaces the target,
 * and arrays are replaced wholesale (their contents, including nulls, are taken as-is). Merging cannot fail,
 * so no {@link PatchException} is thrown.
 */
public final class MergePatch {

    private MergePatch() {}

    /** Applies the merge {@code patch} to a copy of {@code target} and returns the result. */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(target, "target");
        return merge(target.deepCopy(), patch);
    }

    /**
     * Returns a merge patch that turns {@code original} into {@code modified}: for two objects only the changed
     * members (removed ones as {@code null}, nested objects diffed recursively, anything else replaced
     * wholesale), otherwise {@code modified} itself. Numbers compare by value, so {@code 1} to {@code 1.0} is
     * no change.
     *
     * <p>Merge patches cannot express an explicit {@code null}: a member that is {@code null} in
     * {@code modified} comes out as a deletion (or not at all if {@code original} lacks it), and nulls nested in
     * newly added objects are dropped when the patch is applied.
     */
    public static JsonNode diff(JsonNode original, JsonNode modified) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(modified, "modified");
        if (original.isObject() && modified.isObject()) {
            return diffObjects(original, modified);
        }
        return modified.deepCopy();
    }

    /** RFC 7386 MergePatch(Target, Patch), mutating and returning {@code target}, which may be null (absent). */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target instanceof ObjectNode object ? object : io.k3j.api.Json.object();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    private static ObjectNode diffObjects(JsonNode original, JsonNode modified) {
        ObjectNode patch = io.k3j.api.Json.object();
        for (Map.Entry<String, JsonNode> member : modified.properties()) {
            String key = member.getKey();
            JsonNode before = original.get(key);
            JsonNode after = member.getValue();
            if (after.isNull()) {
                if (before != null && !before.isNull()) {
                    patch.putNull(key);
                }
            } else if (before == null) {
                patch.set(key, after.deepCopy());
            } else if (before.isObject() && after.isObject()) {
                ObjectNode nested = diffObjects(before, after);
                if (!nested.isEmpty()) {
                    patch.set(key, nested);
                }
            } else if (!JsonPatch.valuesEqual(before, after)) {
                patch.set(key, after.deepCopy());
            }
        }
        for (String key : original.propertyNames()) {
            if (!modified.has(key)) {
                patch.putNull(key);
            }
        }
        return patch;
    }
}
