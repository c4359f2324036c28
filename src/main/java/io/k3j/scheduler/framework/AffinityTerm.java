package io.k3j.scheduler.framework;

import io.k3j.api.LabelSelector;
import io.k3j.api.SelectorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A pod (anti-)affinity term: which pods (label selector, namespaces; none listed means the owning
 * pod's namespace, an empty namespaceSelector all namespaces), where (topologyKey) and, for
 * preferred terms, a weight. A selector that cannot be parsed matches nothing. Immutable.
 */
public record AffinityTerm(LabelSelector selector, Set<String> namespaces, boolean allNamespaces, String topologyKey,
                           int weight) {

    public boolean matches(String namespace, Map<String, String> labels) {
        if (!allNamespaces && !namespaces.contains(namespace)) {
            return false;
        }
        return selector.matches(labels);
    }

    public boolean matches(PodInfo pod) {
        return matches(pod.namespace, pod.labels);
    }

    static AffinityTerm of(JsonNode term, String ownNamespace, int weight) {
        LabelSelector selector;
        try {
            JsonNode s = term.path("labelSelector");
            selector = s.isObject() ? LabelSelector.fromJson(s) : LabelSelector.nothing();
        } catch (SelectorException e) {
            selector = LabelSelector.nothing();
        }
        Set<String> namespaces = new HashSet<>();
        for (JsonNode n : term.path("namespaces")) {
            namespaces.add(n.asString(""));
        }
        JsonNode nsSelector = term.path("namespaceSelector");
        boolean all = nsSelector.isObject() && nsSelector.path("matchLabels").isEmpty()
                && nsSelector.path("matchExpressions").isEmpty();
        if (namespaces.isEmpty() && !nsSelector.isObject()) {
            namespaces.add(ownNamespace);
        }
        return new AffinityTerm(selector, Set.copyOf(namespaces), all, term.path("topologyKey").asString(""), weight);
    }

    static List<AffinityTerm> required(JsonNode terms, String ownNamespace) {
        if (!terms.isArray() || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>();
        for (JsonNode t : terms) {
            out.add(of(t, ownNamespace, 0));
        }
        return List.copyOf(out);
    }

    static List<AffinityTerm> preferred(JsonNode terms, String ownNamespace) {
        if (!terms.isArray() || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>();
        for (JsonNode t : terms) {
            out.add(of(t.path("podAffinityTerm"), ownNamespace, t.path("weight").asInt(0)));
        }
        return List.copyOf(out);
    }
}
