package io.k3j.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * The members of a JSON object in insertion order, kept in one array of alternating names and
 * values while there are at most {@link #MAX_SMALL} of them (found by a linear scan, names
 * compared by identity first: parsed names are shared strings), and in a {@link LinkedHashMap}
 * beyond. Kubernetes objects are trees of many small objects (the {@code fieldsV1} of managed
 * fields is mostly empty ones), for which a hash map with its table and linked entries costs
 * several times the members themselves. Same contract as {@code LinkedHashMap}: putting an
 * existing name keeps its place. Not thread-safe.
 */
final class SmallOrderedMap extends AbstractMap<String, JsonNode> {

    static final int MAX_SMALL = 12;

    /** Names at even, values at odd indexes; null while empty. */
    private Object[] slots;
    private int size;
    /** Once more than MAX_SMALL members were held (slots is then null). */
    private LinkedHashMap<String, JsonNode> large;
    private int modCount;

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    private int indexOf(Object name) {
        Object[] s = slots;
        for (int i = 0; i < size; i++) {
            if (s[2 * i] == name) {
                return i;
            }
        }
        if (name != null) {
            for (int i = 0; i < size; i++) {
                if (name.equals(s[2 * i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object name) {
        return large != null ? large.containsKey(name) : indexOf(name) >= 0;
    }

    @Override
    public JsonNode get(Object name) {
        if (large != null) {
            return large.get(name);
        }
        int i = indexOf(name);
        return i < 0 ? null : (JsonNode) slots[2 * i + 1];
    }

    @Override
    public JsonNode put(String name, JsonNode value) {
        if (large != null) {
            return large.put(name, value);
        }
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = (JsonNode) slots[2 * i + 1];
            slots[2 * i + 1] = value;
            return old;
        }
        modCount++;
        if (size == MAX_SMALL) {
            large = new LinkedHashMap<>(2 * MAX_SMALL + 2);
            for (int j = 0; j < size; j++) {
                large.put((String) slots[2 * j], (JsonNode) slots[2 * j + 1]);
            }
            slots = null;
            size = 0;
            large.put(name, value);
            return null;
        }
        if (slots == null) {
            slots = new Object[2];
        } else if (slots.length == 2 * size) {
            slots = java.util.Arrays.copyOf(slots, Math.min(2 * MAX_SMALL, 4 * size));
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        size++;
        return null;
    }

    @Override
    public JsonNode remove(Object name) {
        if (large != null) {
            return large.remove(name);
        }
        int i = indexOf(name);
        if (i < 0) {
            return null;
        }
        JsonNode old = (JsonNode) slots[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        modCount++;
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }

    @Override
    public void clear() {
        modCount++;
        large = null;
        slots = null;
        size = 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        if (large != null) {
            large.forEach(action);
            return;
        }
        int expected = modCount;
        for (int i = 0; i < size; i++) {
            action.accept((String) slots[2 * i], (JsonNode) slots[2 * i + 1]);
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return SmallOrderedMap.this.size();
            }

            @Override
            public Iterator<Map.Entry<String, JsonNode>> iterator() {
                return large != null ? large.entrySet().iterator() : new Members();
            }

            @Override
            public void clear() {
                SmallOrderedMap.this.clear();
            }
        };
    }

    /** Iterates the small form; entries write their value through. */
    private final class Members implements Iterator<Map.Entry<String, JsonNode>> {
        private int next;
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            if (modCount != expected || large != null) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Member(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expected || large != null) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
        }
    }

    private final class Member implements Map.Entry<String, JsonNode> {
        private final String name;
        private JsonNode value;
        private final int index;

        Member(int index) {
            this.index = index;
            this.name = (String) slots[2 * index];
            this.value = (JsonNode) slots[2 * index + 1];
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public JsonNode getValue() {
            return value;
        }

        @Override
        public JsonNode setValue(JsonNode v) {
            JsonNode old = value;
            if (large != null) {
                large.put(name, v);
            } else if (index < size && slots[2 * index] == name) {
                slots[2 * index + 1] = v;
            } else {
                put(name, v);
            }
            value = v;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && name.equals(e.getKey()) && java.util.Objects.equals(value,
                    e.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ java.util.Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }
}
