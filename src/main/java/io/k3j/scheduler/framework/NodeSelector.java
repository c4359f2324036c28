package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A node selector (upstream's v1.NodeSelector): terms ORed, each term's matchExpressions (on labels)
 * and matchFields (metadata.name only) ANDed; an empty term matches nothing. Immutable.
 */
public record NodeSelector(List<Term> terms) {

    /** One requirement: key, operator (In, NotIn, Exists, DoesNotExist, Gt, Lt), values. */
    public record Requirement(String key, String operator, List<String> values) {

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                case "Gt", "Lt" -> {
                    if (v == null || values.size() != 1) {
                        yield false;
                    }
                    try {
                        long have = Long.parseLong(v);
                        long want = Long.parseLong(values.getFirst());
                        yield operator.equals("Gt") ? have > want : have < want;
                    } catch (NumberFormatException e) {
                        yield false;
                    }
                }
                default -> false;
            };
        }

        boolean matchesField(String nodeName) {
            if (!key.equals("metadata.name")) {
                return false;
            }
            return switch (operator) {
                case "In" -> values.contains(nodeName);
                case "NotIn" -> !values.contains(nodeName);
                default -> false;
            };
        }
    }

    /** One term: label expressions and field expressions, ANDed. */
    public record Term(List<Requirement> expressions, List<Requirement> fields) {

        public boolean matches(String nodeName, Map<String, String> labels) {
            if (expressions.isEmpty() && fields.isEmpty()) {
                return false;
            }
            for (Requirement r : expressions) {
                if (!r.matches(labels)) {
                    return false;
                }
            }
            for (Requirement r : fields) {
                if (!r.matchesField(nodeName)) {
                    return false;
                }
            }
            return true;
        }

        public static Term of(JsonNode term) {
            return new Term(requirements(term.path("matchExpressions")), requirements(term.path("matchFields")));
        }
    }

    public static NodeSelector of(JsonNode selector) {
        List<Term> terms = new ArrayList<>();
        for (JsonNode t : selector.path("nodeSelectorTerms")) {
            terms.add(Term.of(t));
        }
        return new NodeSelector(List.copyOf(terms));
    }

    public boolean matches(String nodeName, Map<String, String> labels) {
        for (Term t : terms) {
            if (t.matches(nodeName, labels)) {
                return true;
            }
        }
        return false;
    }

    private static List<Requirement> requirements(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return List.of();
        }
        List<Requirement> out = new ArrayList<>();
        for (JsonNode r : list) {
            List<String> values = new ArrayList<>();
            for (JsonNode v : r.path("values")) {
                values.add(v.asString(""));
            }
            out.add(new Requirement(r.path("key").asString(""), r.path("operator").asString(""), List.copyOf(values)));
        }
        return List.copyOf(out);
    }
}
