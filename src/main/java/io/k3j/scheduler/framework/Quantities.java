package io.k3j.scheduler.framework;

import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;

/**
 * Resource quantities ("100m", "1.5", "128Mi", "2e3", "1G") as the scheduler counts them: CPU in
 * thousandths, everything else in whole units, both rounded up as upstream's MilliValue and Value.
 * Malformed or absent quantities count as 0. Stateless.
 */
public final class Quantities {

    private Quantities() {
    }

    /** The exact value of a JSON string or number, or null when malformed or absent. */
    public static BigDecimal parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isString() ? parse(node.asString()) : null;
    }

    /** The exact value of a quantity string, or null when malformed. */
    public static BigDecimal parse(String s) {
        if (s == null) {
            return null;
        }
        s = s.trim();
        if (s.isEmpty()) {
            return null;
        }
        int end = s.length();
        int i = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            i++;
        }
        while (i < end && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String number = s.substring(0, i);
        String suffix = s.substring(i);
        if (number.isEmpty() || number.equals("+") || number.equals("-") || number.equals(".")) {
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null;
        }
        BigDecimal factor = switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "n" -> new BigDecimal("1e-9");
            case "u" -> new BigDecimal("1e-6");
            case "m" -> new BigDecimal("1e-3");
            case "k" -> new BigDecimal("1e3");
            case "M" -> new BigDecimal("1e6");
            case "G" -> new BigDecimal("1e9");
            case "T" -> new BigDecimal("1e12");
            case "P" -> new BigDecimal("1e15");
            case "E" -> new BigDecimal("1e18");
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            default -> exponent(suffix);
        };
        return factor == null ? null : v.multiply(factor);
    }

    private static BigDecimal exponent(String suffix) {
        if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
            return null;
        }
        try {
            int e = Integer.parseInt(suffix.substring(1));
            return e < -30 || e > 30 ? null : BigDecimal.ONE.scaleByPowerOfTen(e);
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** Thousandths, rounded up (upstream's MilliValue); 0 when malformed. */
    public static long milli(JsonNode node) {
        BigDecimal v = parse(node);
        return v == null ? 0 : clamp(v.movePointRight(3).setScale(0, RoundingMode.CEILING));
    }

    /** Whole units, rounded up (upstream's Value); 0 when malformed. */
    public static long value(JsonNode node) {
        BigDecimal v = parse(node);
        return v == null ? 0 : clamp(v.setScale(0, RoundingMode.CEILING));
    }

    private static long clamp(BigDecimal v) {
        if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return v.longValueExact();
    }
}
