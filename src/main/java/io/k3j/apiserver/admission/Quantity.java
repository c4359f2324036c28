package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.kinds.Quantities;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;

/**
 * A resource quantity as admission compares and prints it: an exact value plus whether it was
 * written with a binary suffix (Ki, Mi, …), which decides its canonical text as upstream's
 * Quantity.String does ("500m", "1", "128Mi", "1500"). Immutable.
 */
public record Quantity(BigDecimal value, boolean binary) implements Comparable<Quantity> {

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, false);
    public static final Quantity ONE = new Quantity(BigDecimal.ONE, false);

    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KI = BigInteger.valueOf(1024);

    /** The quantity a JSON string or number holds; null when malformed or absent. */
    public static Quantity of(JsonNode node) {
        BigDecimal v = Quantities.of(node);
        if (v == null) {
            return null;
        }
        return new Quantity(v, node.isString() && node.stringValue().endsWith("i"));
    }

    /** Parses a quantity string; null when malformed. */
    public static Quantity parse(String text) {
        BigDecimal v = Quantities.parse(text);
        return v == null ? null : new Quantity(v, text.endsWith("i"));
    }

    public static Quantity of(long v) {
        return new Quantity(BigDecimal.valueOf(v), false);
    }

    /** The sum, printed in this quantity's format (as upstream's Add keeps the receiver's format). */
    public Quantity plus(Quantity other) {
        return new Quantity(value.add(other.value), value.signum() == 0 ? other.binary : binary);
    }

    public Quantity minus(Quantity other) {
        return new Quantity(value.subtract(other.value), binary);
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** The value in thousandths, rounded up, as upstream's MilliValue. */
    public long milli() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    /** Canonical text, upstream's rules: largest exact SI (or binary) suffix, rounded up to nano. */
    @Override
    public String toString() {
        BigDecimal v = value.setScale(9, RoundingMode.CEILING).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        if (binary && v.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && v.scale() <= 0) {
            BigInteger n = v.toBigIntegerExact();
            int power = 0;
            while (power < BINARY_SUFFIXES.length - 1 && n.mod(KI).signum() == 0) {
                n = n.divide(KI);
                power++;
            }
            return n + BINARY_SUFFIXES[power];
        }
        for (int i = DECIMAL_SUFFIXES.length - 1; i >= 0; i--) {
            int exp = (i - 3) * 3;
            BigDecimal mantissa = v.movePointLeft(exp);
            if (mantissa.stripTrailingZeros().scale() <= 0) {
                return mantissa.toBigInteger() + DECIMAL_SUFFIXES[i];
            }
        }
        return v.toPlainString();
    }
}
