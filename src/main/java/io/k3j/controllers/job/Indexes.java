package io.k3j.controllers.job;

import java.util.BitSet;
import java.util.TreeSet;

/**
 * Completion indexes of an Indexed Job in upstream's compressed text form ({@code "1,3-5,7"}), as
 * status.completedIndexes holds them. Pure functions, thread-safe.
 */
public final class Indexes {

    private Indexes() {
    }

    /** The indexes in {@code text} below {@code completions}; malformed parts are skipped, as upstream does. */
    public static TreeSet<Integer> parse(String text, int completions) {
        TreeSet<Integer> out = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] bounds = part.strip().split("-", -1);
            try {
                int lo = Integer.parseInt(bounds[0]);
                int hi = bounds.length == 2 ? Integer.parseInt(bounds[1]) : lo;
                if (bounds.length > 2 || lo < 0 || hi < lo) {
                    continue;
                }
                for (int i = lo; i <= hi && i < completions; i++) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                // skipped
            }
        }
        return out;
    }

    /** The compressed form: runs of two or more consecutive indexes as {@code a-b}. */
    public static String format(Iterable<Integer> indexes) {
        BitSet bits = new BitSet();
        indexes.forEach(bits::set);
        StringBuilder sb = new StringBuilder();
        for (int lo = bits.nextSetBit(0); lo >= 0; ) {
            int hi = bits.nextClearBit(lo) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(lo);
            if (hi > lo) {
                sb.append('-').append(hi);
            }
            lo = bits.nextSetBit(hi + 1);
        }
        return sb.toString();
    }
}
