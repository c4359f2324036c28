package io.k3j.api;

import java.util.AbstractCollection;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The members of a JSON object in insertion order, kept in one array of alternating names and
 * values while there are at most {@link #MAX_SMALL} of them (found by a linear scan, names
 * compared by identity first: parsed names are shared strings), and in a {@link LinkedHashMap}
 * beyond. Kubernetes objects are trees of many small objects (the {@code fieldsV1} of managed
 * fields is mostly empty ones), for which a hash map with its table and linked entries costs
 * several times the members themselves. Same contract as {@code LinkedHashMap}: putting an
 * existing name keeps its place. A map can be frozen ({@link Json#freeze}): every change then
 * fails (putting a value equal to the one held is no change), so that one tree can be shared by
 * readers. Not thread-safe while it can change.
 */
final class SmallOrderedMap implements Map<String, JsonNode> {

    static final int MAX_SMALL = 12;

    /** Names at even, values at odd indexes; null while empty. */
    private Object[] slots;
    private int size;
    /** Once more than MAX_SMALL members were held (slots is then null). */
    private LinkedHashMap<String, JsonNode> large;
    /** Counts changes (never negative); {@link #FROZEN} once frozen. */
    private int modCount;

    private static final int FROZEN = -1;

    /** ObjectNode's member map, read without the entry-set view {@code properties()} would allocate. */
    private static final java.lang.invoke.VarHandle CHILDREN = children();

    private static java.lang.invoke.VarHandle children() {
        try {
            return java.lang.invoke.MethodHandles.privateLookupIn(ObjectNode.class,
                    java.lang.invoke.MethodHandles.lookup()).findVarHandle(ObjectNode.class, "_children", Map.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The map behind an object made by {@link CompactNodeFactory}, or null for any other object. */
    static SmallOrderedMap of(ObjectNode node) {
        if (CHILDREN != null) {
            return CHILDREN.get(node) instanceof SmallOrderedMap map ? map : null;
        }
        return node.properties() instanceof EntrySet entries ? entries.map() : null;
    }

    void freeze() {
        modCount = FROZEN;
    }

    boolean frozen() {
        return modCount == FROZEN;
    }

    private void changing() {
        if (modCount == FROZEN) {
            throw new UnsupportedOperationException("this object is shared and must not be modified; change a"
                    + " deepCopy() of it");
        }
        modCount = (modCount + 1) & Integer.MAX_VALUE;
    }

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
    public boolean containsValue(Object value) {
        if (large != null) {
            return large.containsValue(value);
        }
        for (int i = 0; i < size; i++) {
            if (Objects.equals(value, slots[2 * i + 1])) {
                return true;
            }
        }
        return false;
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
            if (frozen()) {
                JsonNode held = large.get(name);
                if (!Objects.equals(held, value)) {
                    changing();
                }
                return held;
            }
            return large.put(name, value);
        }
        int i = indexOf(name);
        if (i >= 0) {
            JsonNode old = (JsonNode) slots[2 * i + 1];
            if (frozen()) {
                if (!old.equals(value)) {
                    changing();
                }
                return old;
            }
            slots[2 * i + 1] = value;
            return old;
        }
        changing();
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
    public void putAll(Map<? extends String, ? extends JsonNode> m) {
        m.forEach(this::put);
    }

    @Override
    public JsonNode remove(Object name) {
        if (large != null) {
            if (frozen() && large.containsKey(name)) {
                changing();
            }
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
        changing();
        System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
        size--;
        slots[2 * size] = null;
        slots[2 * size + 1] = null;
    }

    @Override
    public void clear() {
        changing();
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
        return new EntrySet();
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return SmallOrderedMap.this.size();
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public Iterator<String> iterator() {
                return members(KEYS);
            }
        };
    }

    @Override
    public Collection<JsonNode> values() {
        return new AbstractCollection<>() {
            @Override
            public int size() {
                return SmallOrderedMap.this.size();
            }

            @Override
            public Iterator<JsonNode> iterator() {
                return members(VALUES);
            }
        };
    }

    private static final int KEYS = 0;
    private static final int VALUES = 1;
    private static final int ENTRIES = 2;

    private Iterator<Map.Entry<String, JsonNode>> entryIterator() {
        return members(ENTRIES);
    }

    /** The names, values or entries in order; the small form's names and values without an entry each. */
    @SuppressWarnings("unchecked")
    private <T> Iterator<T> members(int part) {
        if (large == null) {
            return new Members<>(part);
        }
        Map<String, JsonNode> members = frozen() ? Collections.unmodifiableMap(large) : large;
        return (Iterator<T>) (part == KEYS ? members.keySet().iterator()
                : part == VALUES ? members.values().iterator() : members.entrySet().iterator());
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
            return false;
        }
        if (large != null) {
            return large.equals(other);
        }
        for (int i = 0; i < size; i++) {
            Object value = slots[2 * i + 1];
            Object theirs = other.get(slots[2 * i]);
            if (theirs == null ? value != null || !other.containsKey(slots[2 * i]) : !theirs.equals(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        if (large != null) {
            return large.hashCode();
        }
        int h = 0;
        for (int i = 0; i < size; i++) {
            h += Objects.hashCode(slots[2 * i]) ^ Objects.hashCode(slots[2 * i + 1]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }

    /** The members as entries; lets {@link #of} find the map behind an object. */
    private final class EntrySet extends AbstractSet<Map.Entry<String, JsonNode>> {

        SmallOrderedMap map() {
            return SmallOrderedMap.this;
        }

        @Override
        public int size() {
            return SmallOrderedMap.this.size();
        }

        @Override
        public Iterator<Map.Entry<String, JsonNode>> iterator() {
            return entryIterator();
        }

        @Override
        public void clear() {
            SmallOrderedMap.this.clear();
        }
    }

    /** Iterates the small form's names, values or entries ({@link #KEYS}…); entries write their value through. */
    private final class Members<T> implements Iterator<T> {
        private final int part;
        private int next;
        private int last = -1;
        private int expected = modCount;

        Members(int part) {
            this.part = part;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (modCount != expected || large != null) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return (T) (part == ENTRIES ? new Member(last) : slots[2 * last + part]);
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
            if (frozen()) {
                changing();
            }
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
            return o instanceof Map.Entry<?, ?> e && name.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }
}
