package io.k3j.apiserver.apiextensions;

import io.k3j.api.GoQuote;
import io.k3j.apiserver.apiextensions.SchemaValidator.Code;
import io.k3j.apiserver.apiextensions.SchemaValidator.Err;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The logical junctors of a schema ({@code anyOf}, {@code oneOf}, {@code allOf}, {@code not}) as kube-openapi
 * evaluates them: each alternative validates the same value at the same path; a failed anyOf or oneOf reports
 * its own message and the errors of the alternative that got furthest. Stateless.
 */
final class Combinators {

    private Combinators() {
    }

    private record Outcome(List<Err> errors, int count) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private static List<Outcome> each(JsonNode data, JsonNode list, String path) {
        List<Outcome> outcomes = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode alt : list.values()) {
                if (alt.isObject()) {
                    List<Err> errs = new ArrayList<>();
                    int count = SchemaValidator.validate(data, alt, path, errs);
                    outcomes.add(new Outcome(errs, count));
                }
            }
        }
        return outcomes;
    }

    private static Err composite(String message) {
        return Err.of(Code.OTHER, "", null, message);
    }

    /** Adds the junctors' errors for {@code data}; returns the checks that ran. */
    static int validate(JsonNode data, JsonNode s, String path, List<Err> out) {
        int count = 0;
        List<Outcome> anyOf = each(data, s.get("anyOf"), path);
        if (!anyOf.isEmpty()) {
            Outcome best = null;
            for (Outcome o : anyOf) {
                if (o.valid()) {
                    best = null;
                    count += o.count();
                    break;
                }
                if (best == null || o.count() > best.count()) {
                    best = o;
                }
            }
            if (anyOf.stream().noneMatch(Outcome::valid)) {
                out.add(composite(GoQuote.quote(path) + " must validate at least one schema (anyOf)"));
            }
            if (best != null) {
                out.addAll(best.errors());
                count += best.count();
            }
        }
        List<Outcome> oneOf = each(data, s.get("oneOf"), path);
        if (!oneOf.isEmpty()) {
            Outcome best = null;
            Outcome firstSuccess = null;
            int validated = 0;
            for (Outcome o : oneOf) {
                if (o.valid()) {
                    validated++;
                    best = null;
                    firstSuccess = firstSuccess == null ? o : firstSuccess;
                } else if (validated == 0 && (best == null || o.count() > best.count())) {
                    best = o;
                }
            }
            if (validated != 1) {
                String more = validated == 0 ? "Found none valid" : "Found " + validated + " valid alternatives";
                out.add(composite(GoQuote.quote(path) + " must validate one and only one schema (oneOf). " + more));
                if (best != null) {
                    out.addAll(best.errors());
                    count += best.count();
                }
            } else {
                count += firstSuccess.count();
            }
        }
        List<Outcome> allOf = each(data, s.get("allOf"), path);
        if (!allOf.isEmpty()) {
            int validated = 0;
            for (Outcome o : allOf) {
                validated += o.valid() ? 1 : 0;
                out.addAll(o.errors());
                count += o.count();
            }
            if (validated != allOf.size()) {
                out.add(composite(GoQuote.quote(path) + " must validate all the schemas (allOf)"
                        + (validated == 0 ? ". None validated" : "")));
            }
        }
        JsonNode not = s.get("not");
        if (not != null && not.isObject()) {
            List<Err> errs = new ArrayList<>();
            SchemaValidator.validate(data, not, path, errs);
            if (errs.isEmpty()) {
                out.add(composite(GoQuote.quote(path) + " must not validate the schema (not)"));
            }
        }
        return count;
    }
}
