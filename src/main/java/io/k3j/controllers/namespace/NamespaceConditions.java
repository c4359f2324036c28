package io.k3j.controllers.namespace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The five status conditions upstream's namespace deleter keeps on a Terminating namespace, from
 * the outcome of one pass over its content. Pure: computes the conditions and merges them into
 * a status, keeping lastTransitionTime when a condition's status did not change.
 */
final class NamespaceConditions {

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    /** One condition as written. */
    record Condition(String type, boolean status, String reason, String message) {
    }

    /**
     * What one pass over the namespace found: discovery failures (group version → error),
     * deletion errors, remaining objects per resource ("configmaps.", "widgets.example.com") and
     * remaining objects per finalizer.
     */
    record Outcome(Map<String, String> discoveryFailures, List<String> deletionErrors,
                   Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer) {

        boolean done() {
            return discoveryFailures.isEmpty() && deletionErrors.isEmpty() && remainingByResource.isEmpty();
        }
    }

    private NamespaceConditions() {
    }

    static List<Condition> of(Outcome o) {
        List<Condition> out = new ArrayList<>();
        if (o.discoveryFailures().isEmpty()) {
            out.add(new Condition(DISCOVERY_FAILURE, false, "ResourcesDiscovered", "All resources successfully discovered"));
        } else {
            List<String> errs = new ArrayList<>();
            new TreeMap<>(o.discoveryFailures()).forEach((gv, err) -> errs.add(gv + ": " + err));
            out.add(new Condition(DISCOVERY_FAILURE, true, "DiscoveryFailed", "Discovery failed for some groups, "
                    + errs.size() + " failing: " + String.join(", ", errs)));
        }
        out.add(new Condition(GROUP_VERSION_PARSING_FAILURE, false, "ParsedGroupVersions",
                "All legacy kube types successfully parsed"));
        if (o.deletionErrors().isEmpty()) {
            out.add(new Condition(CONTENT_FAILURE, false, "ContentDeleted",
                    "All content successfully deleted, may be waiting on finalization"));
        } else {
            out.add(new Condition(CONTENT_FAILURE, true, "ContentDeletionFailed", "Failed to delete all resource"
                    + " types, " + o.deletionErrors().size() + " remaining: " + String.join(", ", o.deletionErrors())));
        }
        if (o.remainingByResource().isEmpty()) {
            out.add(new Condition(CONTENT_REMAINING, false, "ContentRemoved", "All content successfully removed"));
        } else {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(o.remainingByResource()).forEach((r, n) -> parts.add(r + " has " + n + " resource instances"));
            out.add(new Condition(CONTENT_REMAINING, true, "SomeResourcesRemain", "Some resources are remaining: "
                    + String.join(", ", parts)));
        }
        if (o.remainingByFinalizer().isEmpty()) {
            out.add(new Condition(FINALIZERS_REMAINING, false, "ContentHasNoFinalizers",
                    "All content-preserving finalizers finished"));
        } else {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(o.remainingByFinalizer()).forEach((f, n) -> parts.add(f + " in " + n + " resource instances"));
            out.add(new Condition(FINALIZERS_REMAINING, true, "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", parts)));
        }
        return out;
    }

    /**
     * Writes {@code conditions} into {@code status.conditions} (other condition types kept);
     * returns whether anything changed. lastTransitionTime moves only when a status flips.
     */
    static boolean merge(ObjectNode status, List<Condition> conditions, Instant now) {
        ArrayNode existing = status.get("conditions") instanceof ArrayNode a ? a : null;
        ArrayNode next = status.arrayNode();
        List<String> ours = conditions.stream().map(Condition::type).toList();
        if (existing != null) {
            for (JsonNode c : existing) {
                if (!ours.contains(c.path("type").asString(""))) {
                    next.add(c);
                }
            }
        }
        for (Condition c : conditions) {
            String statusText = c.status() ? "True" : "False";
            String since = now.toString();
            if (existing != null) {
                for (JsonNode old : existing) {
                    if (c.type().equals(old.path("type").asString("")) && statusText.equals(old.path("status").asString(""))
                            && old.hasNonNull("lastTransitionTime")) {
                        since = old.get("lastTransitionTime").asString();
                    }
                }
            }
            ObjectNode n = next.addObject();
            n.put("type", c.type());
            n.put("status", statusText);
            n.put("lastTransitionTime", since);
            n.put("reason", c.reason());
            n.put("message", c.message());
        }
        if (next.equals(existing)) {
            return false;
        }
        status.set("conditions", next);
        return true;
    }
}
