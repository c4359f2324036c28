package io.k3j.storage;

/** Key-range helpers shared by backends. */
public final class Keys {

    private Keys() {
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, or null when
     * the range is unbounded (empty prefix).
     */
    public static String prefixEnd(String prefix) {
        for (int i = prefix.length() - 1; i >= 0; i--) {
            char c = prefix.charAt(i);
            if (c < Character.MAX_VALUE) {
                return prefix.substring(0, i) + (char) (c + 1);
            }
        }
        return null;
    }
}
