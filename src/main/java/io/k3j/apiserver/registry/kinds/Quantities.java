package io.k3j.apiserver.registry.kinds;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Resource quantities ("500m", "1Gi", "2e3") parsed to exact decimals like upstream resource.ParseQuantity, for
 * comparisons in validation and QoS. Stateless and thread-safe.
 */
public final class Quantities {

    /** Upstream's message for a malformed quantity. */
    static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static final Pattern QUANTITY =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Pattern EXPONENT = Pattern.compile("[eE]([-+]?[0-9]+)");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    /** The value of a quantity given as a JSON string or number; null when it is not a valid quantity. */
    public static BigDecimal of(JsonNode node) {
        if (node == null) {
            return null;
        } else if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isString() ? parse(node.stringValue()) : null;
    }

    /** The value of a quantity string; null when malformed. */
    public static BigDecimal parse(String s) {
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
        String suffix = m.group(2);
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor != null) {
            return number.multiply(factor);
        }
        Matcher e = EXPONENT.matcher(suffix);
        if (!e.matches()) {
            return null;
        }
        try {
            return number.scaleByPowerOfTen(Integer.parseInt(e.group(1)));
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    /** A quantity's text as given (strings as-is, numbers in plain notation). */
    static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : node.asString();
    }
}
