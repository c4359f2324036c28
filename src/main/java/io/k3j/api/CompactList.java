package io.k3j.api;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The elements of a JSON array made by {@link CompactNodeFactory}: an array list that can be
 * frozen ({@link Json#freeze}), after which every change fails.
 */
final class CompactList extends AbstractList<JsonNode> implements RandomAccess {

    private static final Object[] EMPTY = {};

    private Object[] elements;
    private int size;
    private boolean frozen;

    CompactList(int capacity) {
        elements = capacity <= 0 ? EMPTY : new Object[capacity];
    }

    /** The list behind an array made by {@link CompactNodeFactory}, or null for any other array. */
    static CompactList of(ArrayNode node) {
        return node.values() instanceof CompactList list ? list : null;
    }

    void freeze() {
        frozen = true;
    }

    boolean frozen() {
        return frozen;
    }

    private void changing() {
        if (frozen) {
            throw new UnsupportedOperationException("this array is shared and must not be modified; change a"
                    + " deepCopy() of it");
        }
        modCount++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public JsonNode get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return (JsonNode) elements[index];
    }

    @Override
    public JsonNode set(int index, JsonNode element) {
        JsonNode old = get(index);
        if (frozen) {
            if (!old.equals(element)) {
                changing();
            }
            return old;
        }
        elements[index] = element;
        return old;
    }

    @Override
    public void add(int index, JsonNode element) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException(index);
        }
        changing();
        if (size == elements.length) {
            elements = Arrays.copyOf(elements, Math.max(4, size + (size >> 1) + 1));
        }
        System.arraycopy(elements, index, elements, index + 1, size - index);
        elements[index] = element;
        size++;
    }

    @Override
    public JsonNode remove(int index) {
        JsonNode old = get(index);
        changing();
        System.arraycopy(elements, index + 1, elements, index, size - index - 1);
        elements[--size] = null;
        return old;
    }

    @Override
    public void clear() {
        changing();
        Arrays.fill(elements, 0, size, null);
        size = 0;
    }
}
