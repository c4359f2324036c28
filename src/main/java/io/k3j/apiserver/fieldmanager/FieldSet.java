package io.k3j.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of field paths, held as a tree: each node lists its path elements in order, each
 * element either in the set itself (a member), or leading to a subtree, or both — as upstream's
 * structured-merge-diff sets do. A path is in the set when its last element is a member of the
 * node its prefix leads to; a node does not own itself just because it has members below it.
 *
 * <p>Built by inserting paths, then combined with {@link #union}, {@link #difference},
 * {@link #recursiveDifference} and {@link #intersection}, which return new sets that may share
 * subtrees with their inputs: do not insert into a set once it has been combined. Not
 * thread-safe while being built.
 */
public final class FieldSet {

    private static final PathElement[] NO_ELEMENTS = {};
    private static final FieldSet[] NO_CHILDREN = {};
    private static final boolean[] NO_FLAGS = {};

    private PathElement[] elements = NO_ELEMENTS;
    private boolean[] members = NO_FLAGS;
    private FieldSet[] children = NO_CHILDREN;
    private int size;

    public FieldSet() {
    }

    private FieldSet(int capacity) {
        if (capacity > 0) {
            elements = new PathElement[capacity];
            members = new boolean[capacity];
            children = new FieldSet[capacity];
        }
    }

    /** A set of the given paths. */
    public static FieldSet of(List<List<PathElement>> paths) {
        FieldSet s = new FieldSet();
        for (List<PathElement> p : paths) {
            s.insert(p);
        }
        return s;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of elements directly below the root (members or subtrees). */
    int width() {
        return size;
    }

    PathElement element(int i) {
        return elements[i];
    }

    boolean isMember(int i) {
        return members[i];
    }

    /** The subtree below element {@code i}, or null. */
    FieldSet child(int i) {
        return children[i];
    }

    /** Adds one path (non-empty). */
    public void insert(List<PathElement> path) {
        FieldSet node = this;
        int last = path.size() - 1;
        for (int d = 0; d < last; d++) {
            int i = node.slot(path.get(d));
            FieldSet c = node.children[i];
            if (c == null) {
                c = new FieldSet();
                node.children[i] = c;
            }
            node = c;
        }
        int i = node.slot(path.get(last));
        node.members[i] = true;
    }

    /** Adds one path given element by element. */
    public void insert(PathElement... path) {
        insert(Arrays.asList(path));
    }

    /** Whether the path is in the set. */
    public boolean has(List<PathElement> path) {
        FieldSet node = this;
        for (int d = 0; d < path.size(); d++) {
            int i = node.find(path.get(d));
            if (i < 0) {
                return false;
            }
            if (d == path.size() - 1) {
                return node.members[i];
            }
            node = node.children[i];
            if (node == null) {
                return false;
            }
        }
        return false;
    }

    public boolean has(PathElement... path) {
        return has(Arrays.asList(path));
    }

    /** The subtree below {@code pe}, or null when there is none. */
    public FieldSet below(PathElement pe) {
        int i = find(pe);
        return i < 0 ? null : children[i];
    }

    /**
     * Adds element {@code pe} to this node: as a member when {@code member}, with
     * {@code child} (when non-null and non-empty) as its subtree, merged with what is there.
     */
    void attach(PathElement pe, boolean member, FieldSet child) {
        boolean hasChild = child != null && child.size > 0;
        if (!member && !hasChild) {
            return;
        }
        int i = slot(pe);
        members[i] |= member;
        if (hasChild) {
            children[i] = children[i] == null ? child : children[i].union(child);
        }
    }

    private int find(PathElement pe) {
        int n = size;
        // fast path: elements mostly arrive in order
        if (n > 0) {
            int c = elements[n - 1].compareTo(pe);
            if (c == 0) {
                return n - 1;
            }
            if (c < 0) {
                return -(n + 1);
            }
        }
        int lo = 0;
        int hi = n - 2;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = elements[mid].compareTo(pe);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Index of {@code pe}, inserting an empty entry for it if absent. */
    private int slot(PathElement pe) {
        int i = find(pe);
        if (i >= 0) {
            return i;
        }
        i = -(i + 1);
        if (size == elements.length) {
            int cap = Math.max(4, size * 2);
            elements = Arrays.copyOf(elements, cap);
            members = Arrays.copyOf(members, cap);
            children = Arrays.copyOf(children, cap);
        }
        if (i < size) {
            System.arraycopy(elements, i, elements, i + 1, size - i);
            System.arraycopy(members, i, members, i + 1, size - i);
            System.arraycopy(children, i, children, i + 1, size - i);
        }
        elements[i] = pe;
        members[i] = false;
        children[i] = null;
        size++;
        return i;
    }

    private void append(PathElement pe, boolean member, FieldSet child) {
        elements[size] = pe;
        members[size] = member;
        children[size] = child;
        size++;
    }

    private static boolean nonEmpty(FieldSet s) {
        return s != null && s.size > 0;
    }

    /** Every path in this set or in {@code o}. */
    public FieldSet union(FieldSet o) {
        if (o == null || o.size == 0) {
            return this;
        }
        if (size == 0) {
            return o;
        }
        FieldSet out = new FieldSet(size + o.size);
        int i = 0;
        int j = 0;
        while (i < size || j < o.size) {
            int c = i == size ? 1 : j == o.size ? -1 : elements[i].compareTo(o.elements[j]);
            if (c < 0) {
                out.append(elements[i], members[i], children[i]);
                i++;
            } else if (c > 0) {
                out.append(o.elements[j], o.members[j], o.children[j]);
                j++;
            } else {
                FieldSet a = children[i];
                FieldSet b = o.children[j];
                out.append(elements[i], members[i] || o.members[j], a == null ? b : a.union(b));
                i++;
                j++;
            }
        }
        return out;
    }

    /** The paths of this set that are not in {@code o} (exact paths: members below o's paths stay). */
    public FieldSet difference(FieldSet o) {
        return subtract(o, false);
    }

    /** The paths of this set that are neither in {@code o} nor below a path of {@code o}. */
    public FieldSet recursiveDifference(FieldSet o) {
        return subtract(o, true);
    }

    /** Returns {@code this} itself when nothing is removed. */
    private FieldSet subtract(FieldSet o, boolean recursive) {
        if (o == null || o.size == 0 || size == 0) {
            return this;
        }
        FieldSet out = null;
        int j = 0;
        for (int i = 0; i < size; i++) {
            PathElement pe = elements[i];
            boolean member = members[i];
            FieldSet child = children[i];
            while (j < o.size && o.elements[j].compareTo(pe) < 0) {
                j++;
            }
            if (j < o.size && o.elements[j].equals(pe)) {
                if (recursive && o.members[j]) {
                    member = false;
                    child = null;
                } else {
                    member = member && !o.members[j];
                    if (child != null && o.children[j] != null) {
                        child = child.subtract(o.children[j], recursive);
                    }
                }
            }
            boolean same = member == members[i] && child == children[i];
            if (!same && out == null) {
                out = new FieldSet(size);
                for (int k = 0; k < i; k++) {
                    out.append(elements[k], members[k], children[k]);
                }
            }
            if (out != null && (member || nonEmpty(child))) {
                out.append(pe, member, nonEmpty(child) ? child : null);
            }
        }
        return out == null ? this : out;
    }

    /** The paths in both sets. */
    public FieldSet intersection(FieldSet o) {
        FieldSet out = new FieldSet();
        if (o == null) {
            return out;
        }
        int i = 0;
        int j = 0;
        while (i < size && j < o.size) {
            int c = elements[i].compareTo(o.elements[j]);
            if (c < 0) {
                i++;
            } else if (c > 0) {
                j++;
            } else {
                FieldSet child = children[i] != null && o.children[j] != null
                        ? children[i].intersection(o.children[j]) : null;
                out.attach(elements[i], members[i] && o.members[j], child);
                i++;
                j++;
            }
        }
        return out;
    }

    /** Every path in the set, in order, each as a list of elements. */
    public List<List<PathElement>> paths() {
        List<List<PathElement>> out = new ArrayList<>();
        collect(new ArrayList<>(), out);
        return out;
    }

    private void collect(List<PathElement> prefix, List<List<PathElement>> out) {
        for (int i = 0; i < size; i++) {
            prefix.add(elements[i]);
            if (members[i]) {
                out.add(List.copyOf(prefix));
            }
            if (children[i] != null) {
                children[i].collect(prefix, out);
            }
            prefix.removeLast();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FieldSet s) || s.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!elements[i].equals(s.elements[i]) || members[i] != s.members[i]) {
                return false;
            }
            FieldSet a = children[i];
            FieldSet b = s.children[i];
            if (nonEmpty(a) != nonEmpty(b) || nonEmpty(a) && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + elements[i].hashCode() + (members[i] ? 1 : 0);
            if (children[i] != null) {
                h = 31 * h + children[i].hashCode();
            }
        }
        return h;
    }

    /** One path per line, elements separated by dots, as in {@code f:metadata.f:labels.f:app}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (List<PathElement> p : paths()) {
            for (int i = 0; i < p.size(); i++) {
                b.append(i == 0 ? "" : ".").append(p.get(i).text());
            }
            b.append('\n');
        }
        return b.toString();
    }
}
