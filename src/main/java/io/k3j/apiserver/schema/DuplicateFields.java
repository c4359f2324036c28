package io.k3j.apiserver.schema;

import io.k3j.api.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Finds members given more than once in one JSON object of a request body (the last one wins
 * when decoded, as in upstream's decoder), reported by path as upstream reports them
 * ({@code metadata.name}, {@code spec.containers[0].image}).
 */
public final class DuplicateFields {

    private DuplicateFields() {
    }

    /** A container being read: the keys seen (objects only), its path and the next array index. */
    private static final class Level {
        final Set<String> keys = new HashSet<>();
        final String path;
        final boolean array;
        int index;
        String field;

        Level(String path, boolean array) {
            this.path = path;
            this.array = array;
        }

        String child() {
            if (array) {
                return path + "[" + index++ + "]";
            }
            return path.isEmpty() ? field : path + "." + field;
        }
    }

    /** The paths of duplicated members, in body order; empty for a body that is not JSON. */
    public static List<String> find(byte[] json) {
        List<String> found = new ArrayList<>();
        Deque<Level> stack = new ArrayDeque<>();
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = stack.isEmpty() ? "" : stack.peek().child();
                        stack.push(new Level(path, t == JsonToken.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> stack.pop();
                    case PROPERTY_NAME -> {
                        Level l = stack.peek();
                        l.field = p.currentName();
                        if (!l.keys.add(l.field)) {
                            found.add(l.path.isEmpty() ? l.field : l.path + "." + l.field);
                        }
                    }
                    default -> {
                        if (!stack.isEmpty() && stack.peek().array) {
                            stack.peek().index++;
                        }
                    }
                }
            }
        } catch (JacksonException e) {
            return List.of();
        }
        return found;
    }
}
