package io.k3j.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch over Jackson trees; stateless, thread-safe, and never mutates its inputs.
 *
 * <p>Follows the json-patch library used by the Kubernetes API server (evanphx/json-patch) in strictness and
 * error wording: {@code remove}/{@code replace} of a missing location fails, and a {@code test} of an absent
 * object member against {@code null} succeeds. Deliberate differences, all towards RFC 6902/6901: the whole
 * patch is validated before anything is applied (malformed patches fail with
 * {@link PatchException#invalidPatch()} set); array indices must be plain decimals without leading zeros
 * (upstream also accepts negative indices); {@code test} compares numbers by value, so {@code 1} equals
 * {@code 1.0}; and the empty pointer addresses the whole document in {@code add}, {@code replace},
 * {@code test} and {@code copy}.
 */
public final class JsonPatch {

    private enum Kind { ADD, REMOVE, REPLACE, MOVE, COPY, TEST }

    private record Op(Kind kind, String path, List<String> tokens, String from, List<String> fromTokens,
                      JsonNode value) {}

    private JsonPatch() {}

    /**
     * Applies {@code patch} (a JSON array of operation objects) to a copy of {@code target} and returns it.
     *
     * @throws PatchException if the patch is malformed or an operation does not apply; nothing is returned
     *     partially applied
     */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        Objects.requireNonNull(patch, "patch");
        Objects.requireNonNull(target, "target");
        List<Op> ops = parse(patch);
        JsonNode doc = target.deepCopy();
        for (Op op : ops) {
            doc = switch (op.kind) {
                case ADD -> add(doc, op.tokens, op.path, op.value.deepCopy(), "add", "path");
                case REMOVE -> {
                    remove(doc, op.tokens, op.path, "remove", "path");
                    yield doc;
                }
                case REPLACE -> replace(doc, op.tokens, op.path, op.value.deepCopy());
                case MOVE -> move(doc, op);
                case COPY -> {
                    JsonNode value = get(doc, op.fromTokens, op.from, "copy", "from path", null).deepCopy();
                    yield add(doc, op.tokens, op.path, value, "copy", "destination path");
                }
                case TEST -> test(doc, op.tokens, op.path, op.value);
            };
        }
        return doc;
    }

    private static List<Op> parse(JsonNode patch) {
        if (!patch.isArray()) {
            throw invalid("invalid JSON Patch: expected an array of operations, got " + describe(patch));
        }
        List<Op> ops = new ArrayList<>(patch.size());
        for (int i = 0; i < patch.size(); i++) {
            JsonNode node = patch.get(i);
            if (!node.isObject()) {
                throw invalid("invalid JSON Patch: operation " + i + " is " + describe(node) + ", expected an object");
            }
            JsonNode name = node.get("op");
            if (name == null || !name.isString()) {
                throw invalid("invalid JSON Patch: operation " + i + " is missing the string field \"op\"");
            }
            Kind kind = switch (name.stringValue()) {
                case "add" -> Kind.ADD;
                case "remove" -> Kind.REMOVE;
                case "replace" -> Kind.REPLACE;
                case "move" -> Kind.MOVE;
                case "copy" -> Kind.COPY;
                case "test" -> Kind.TEST;
                default -> throw invalid("invalid JSON Patch: operation " + i + " has unsupported op " + name);
            };
            String where = "invalid JSON Patch: operation " + i + " (" + name.stringValue() + ")";
            String path = stringField(node, "path", where);
            String from = kind == Kind.MOVE || kind == Kind.COPY ? stringField(node, "from", where) : null;
            JsonNode value = node.get("value");
            if (value == null && (kind == Kind.ADD || kind == Kind.REPLACE || kind == Kind.TEST)) {
                throw invalid(where + " is missing the field \"value\"");
            }
            ops.add(new Op(kind, path, pointer(path, where), from, from == null ? null : pointer(from, where), value));
        }
        return ops;
    }

    private static String stringField(JsonNode op, String field, String where) {
        JsonNode value = op.get(field);
        if (value == null) {
            throw invalid(where + " is missing the field \"" + field + "\"");
        }
        if (!value.isString()) {
            throw invalid(where + ": field \"" + field + "\" must be a string, got " + describe(value));
        }
        return value.stringValue();
    }

    /** Splits an RFC 6901 pointer into unescaped reference tokens; the empty pointer has none. */
    private static List<String> pointer(String pointer, String where) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (pointer.charAt(0) != '/') {
            throw invalid(where + ": invalid JSON pointer \"" + pointer + "\": must be empty or start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= pointer.length(); i++) {
            char c = i < pointer.length() ? pointer.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c != '~') {
                token.append(c);
            } else if (i + 1 < pointer.length() && (pointer.charAt(i + 1) == '0' || pointer.charAt(i + 1) == '1')) {
                token.append(pointer.charAt(++i) == '0' ? '~' : '/');
            } else {
                throw invalid(where + ": invalid JSON pointer \"" + pointer + "\": '~' must be followed by '0' or '1'");
            }
        }
        return List.copyOf(tokens);
    }

    private static JsonNode add(JsonNode root, List<String> tokens, String path, JsonNode value, String op,
                                String label) {
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(root, tokens, () -> missing(op, label, path));
        String key = tokens.getLast();
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            array.insert(index(array, key, true, op, path), value);
        }
        return root;
    }

    /** Removes and returns the value at {@code tokens}. */
    private static JsonNode remove(JsonNode root, List<String> tokens, String path, String op, String label) {
        if (tokens.isEmpty()) {
            throw new PatchException(op + " operation does not apply: cannot remove the whole document");
        }
        JsonNode parent = parent(root, tokens, () -> missing(op, label, path));
        String key = tokens.getLast();
        if (parent instanceof ObjectNode object) {
            if (!object.has(key)) {
                throw missing(op, label, path);
            }
            return object.remove(key);
        }
        ArrayNode array = (ArrayNode) parent;
        return array.remove(index(array, key, false, op, path));
    }

    private static JsonNode replace(JsonNode root, List<String> tokens, String path, JsonNode value) {
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(root, tokens, () -> missing("replace", "path", path));
        String key = tokens.getLast();
        if (parent instanceof ObjectNode object) {
            if (!object.has(key)) {
                throw missing("replace", "path", path);
            }
            object.set(key, value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            array.set(index(array, key, false, "replace", path), value);
        }
        return root;
    }

    private static JsonNode move(JsonNode root, Op op) {
        int depth = op.fromTokens.size();
        if (op.tokens.size() > depth && op.tokens.subList(0, depth).equals(op.fromTokens)) {
            throw new PatchException("move operation does not apply: cannot move \"" + op.from
                    + "\" into its own child \"" + op.path + "\"");
        }
        if (op.tokens.equals(op.fromTokens)) {
            get(root, op.fromTokens, op.from, "move", "from path", null);
            return root;
        }
        JsonNode value = remove(root, op.fromTokens, op.from, "move", "from path");
        return add(root, op.tokens, op.path, value, "move", "destination path");
    }

    private static JsonNode test(JsonNode root, List<String> tokens, String path, JsonNode expected) {
        // Like upstream, an absent object member compares equal to null.
        JsonNode actual = get(root, tokens, path, "test", "path", JsonNodeFactory.instance.nullNode());
        if (!valuesEqual(actual, expected)) {
            throw new PatchException("testing value " + path + " failed: test failed");
        }
        return root;
    }

    /** The value at {@code tokens}; an absent object member yields {@code absent}, or fails if that is null. */
    private static JsonNode get(JsonNode root, List<String> tokens, String path, String op, String label,
                                JsonNode absent) {
        if (tokens.isEmpty()) {
            return root;
        }
        JsonNode parent = parent(root, tokens, () -> missing(op, label, path));
        if (parent instanceof ObjectNode object) {
            JsonNode value = object.get(tokens.getLast());
            if (value == null && absent == null) {
                throw missing(op, label, path);
            }
            return value == null ? absent : value;
        }
        ArrayNode array = (ArrayNode) parent;
        return array.get(index(array, tokens.getLast(), false, op, path));
    }

    /** The object or array that holds the last token, or the {@code missing} error. */
    private static JsonNode parent(JsonNode root, List<String> tokens, Supplier<PatchException> missing) {
        JsonNode current = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            current = switch (current) {
                case ObjectNode object -> object.get(token);
                case ArrayNode array -> {
                    int index = parseIndex(token);
                    yield index >= 0 && index < array.size() ? array.get(index) : null;
                }
                default -> null;
            };
            if (current == null) {
                throw missing.get();
            }
        }
        if (!(current instanceof ObjectNode) && !(current instanceof ArrayNode)) {
            throw missing.get();
        }
        return current;
    }

    /** Resolves an array reference token; {@code -} and {@code size} are accepted only when adding. */
    private static int index(ArrayNode array, String token, boolean adding, String op, String path) {
        int index = token.equals("-") ? array.size() : parseIndex(token);
        if (index < 0) {
            throw new PatchException(op + " operation does not apply: invalid array index \"" + token
                    + "\" in path \"" + path + "\"");
        }
        if (index > array.size() || (index == array.size() && !adding)) {
            throw new PatchException(op + " operation does not apply: index " + token
                    + " is out of bounds for array of size " + array.size() + " in path \"" + path
                    + "\": invalid index referenced");
        }
        return index;
    }

    /** The RFC 6901 array index in {@code token}, {@link Integer#MAX_VALUE} if too large, or -1 if malformed. */
    private static int parseIndex(String token) {
        if (token.isEmpty() || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return token.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(token);
    }

    /** Structural JSON equality: members in any order, elements in order, numbers by numeric value. */
    static boolean valuesEqual(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isFloatingPointNumber() && !Double.isFinite(a.doubleValue())
                    || b.isFloatingPointNumber() && !Double.isFinite(b.doubleValue())) {
                return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            for (Map.Entry<String, JsonNode> member : a.properties()) {
                JsonNode other = b.get(member.getKey());
                if (other == null || !valuesEqual(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!valuesEqual(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static PatchException missing(String op, String label, String path) {
        return new PatchException(op + " operation does not apply: doc is missing " + label + ": \"" + path
                + "\": missing value");
    }

    private static PatchException invalid(String message) {
        return new PatchException(message, true);
    }

    private static String describe(JsonNode node) {
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return (node.isObject() || node.isArray() ? "an " : "a ") + type;
    }
}
