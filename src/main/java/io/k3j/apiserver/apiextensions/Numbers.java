package io.k3j.apiserver.apiextensions;

import io.k3j.apiserver.apiextensions.SchemaValidator.Code;
import io.k3j.apiserver.apiextensions.SchemaValidator.Err;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * kube-openapi's number checks ({@code multipleOf}, {@code minimum}, {@code maximum} and their exclusive
 * forms): an int64 value is compared with the bound truncated to int64, a float64 value with the bound as is;
 * errors come in the order multipleOf, minimum, maximum. Stateless.
 */
final class Numbers {

    private Numbers() {
    }

    static void check(JsonNode d, JsonNode s, String path, List<Err> out) {
        boolean isInt = Schemas.isInt64(d);
        Object value = isInt ? (Object) d.longValue() : (Object) d.doubleValue();
        String in = path + " in body ";
        JsonNode multipleOf = s.get("multipleOf");
        if (multipleOf != null && multipleOf.isNumber()) {
            double factor = multipleOf.doubleValue();
            if (factor < 0) {
                String shown = isInt ? String.valueOf((long) factor) : FieldErrors.goFloat(factor);
                out.add(Err.of(Code.OTHER, path, isInt ? (Object) (long) factor : (Object) factor,
                        "factor MultipleOf declared for " + path + " must be positive: " + shown));
            } else if (isInt) {
                long f = (long) factor;
                if (f != 0 && (d.longValue() / f) * f != d.longValue()) {
                    out.add(Err.of(Code.OTHER, path, value, in + "should be a multiple of " + f));
                }
            } else {
                double data = d.doubleValue();
                double mult = factor < 1 ? 1 / factor * data : data / factor;
                if (!Schemas.isJsonInteger(mult)) {
                    out.add(Err.of(Code.OTHER, path, value, in + "should be a multiple of " + FieldErrors.goFloat(factor)));
                }
            }
        }
        bound(d, s, "minimum", "exclusiveMinimum", false, path, value, out);
        bound(d, s, "maximum", "exclusiveMaximum", true, path, value, out);
    }

    private static void bound(JsonNode d, JsonNode s, String key, String exclusiveKey, boolean max, String path,
            Object value, List<Err> out) {
        JsonNode b = s.get(key);
        if (b == null || !b.isNumber()) {
            return;
        }
        boolean exclusive = Schemas.flag(s, exclusiveKey);
        int cmp;
        String shown;
        if (Schemas.isInt64(d)) {
            long limit = (long) b.doubleValue();
            cmp = Long.compare(d.longValue(), limit);
            shown = String.valueOf(limit);
        } else {
            cmp = Double.compare(d.doubleValue(), b.doubleValue());
            shown = FieldErrors.goFloat(b.doubleValue());
        }
        boolean fails = max ? (exclusive ? cmp >= 0 : cmp > 0) : (exclusive ? cmp <= 0 : cmp < 0);
        if (fails) {
            String rel = max ? (exclusive ? "less than " : "less than or equal to ")
                    : (exclusive ? "greater than " : "greater than or equal to ");
            out.add(Err.of(Code.OTHER, path, value, path + " in body should be " + rel + shown));
        }
    }
}
