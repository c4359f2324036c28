package io.k3j.apiserver.authz;

import io.k3j.api.GoQuote;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RBAC authorizer with upstream semantics (plugin/pkg/auth/authorizer/rbac): ClusterRoleBindings grant their
 * role's rules everywhere, RoleBindings grant a Role of their namespace or a ClusterRole within their namespace only,
 * and a ClusterRole with an {@code aggregationRule} is evaluated from the roles it selects at request time. It also
 * lists the rules a user has in a namespace ({@link RuleResolver}) and gives upstream's decision reasons. It keeps
 * no state besides its {@link RbacSource} and is thread-safe when the source is.
 */
public final class RbacAuthorizer implements Authorizer, RuleResolver {

    /** The API group of the RBAC kinds. */
    public static final String GROUP = "rbac.authorization.k8s.io";

    private static final String SA_PREFIX = "system:serviceaccount:";
    private static final String ALL = "*";
    private static final Comparator<ObjectNode> BY_NAME =
            Comparator.comparing(o -> Objects.requireNonNullElse(Meta.name(o), ""));

    private final RbacSource source;

    /** Creates an authorizer reading policy through the source. */
    public RbacAuthorizer(RbacSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Whether some rule granted to the requesting user allows the request; denies when nothing allows it. */
    @Override
    public boolean allowed(Attributes attributes) {
        boolean[] allowed = {false};
        visitRules(attributes.user(), attributes.namespace(), (grant, rule, error) -> {
            allowed[0] = rule != null && rule.allows(attributes);
            return !allowed[0];
        });
        return allowed[0];
    }

    /**
     * Upstream's RBAC decision: allowed with "RBAC: allowed by &lt;binding&gt;", else no opinion with
     * "RBAC: &lt;errors&gt;" when some binding's role could not be resolved (empty otherwise).
     */
    @Override
    public Decision authorize(Attributes attributes) {
        String[] allowedBy = {null};
        List<String> errors = new ArrayList<>();
        visitRules(attributes.user(), attributes.namespace(), (grant, rule, error) -> {
            if (rule != null && rule.allows(attributes)) {
                allowedBy[0] = grant.describe();
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return new Decision(true, "RBAC: allowed by " + allowedBy[0]);
        }
        return errors.isEmpty() ? Decision.NO_OPINION : new Decision(false, "RBAC: " + aggregate(errors));
    }

    /**
     * The rules granted to the user by ClusterRoleBindings and, when a namespace is given, by the RoleBindings of
     * that namespace, in evaluation order and without deduplication, like upstream RulesFor: a PolicyRule with
     * resources becomes a resource rule, one with nonResourceURLs a non-resource rule. Never incomplete; bindings
     * whose role is missing are reported in the evaluation error.
     */
    @Override
    public Rules rulesFor(UserInfo user, String namespace) {
        List<ObjectNode> resourceRules = new ArrayList<>();
        List<ObjectNode> nonResourceRules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRules(user, namespace, (grant, rule, error) -> {
            if (rule != null && !rule.resources().isEmpty()) {
                resourceRules.add(rule.toResourceRule());
            }
            if (rule != null && !rule.nonResourceURLs().isEmpty()) {
                nonResourceRules.add(rule.toNonResourceRule());
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new Rules(resourceRules, nonResourceRules, false, aggregate(errors));
    }

    /** Go's utilerrors aggregate message: empty, the one message, or "[a, b]" with repeats dropped. */
    static String aggregate(List<String> errors) {
        List<String> distinct = errors.stream().distinct().toList();
        return distinct.size() <= 1 ? String.join("", distinct) : "[" + String.join(", ", distinct) + "]";
    }

    /**
     * The rules of an aggregated ClusterRole, as upstream's ClusterRoleAggregation controller computes them: for each
     * of its {@code clusterRoleSelectors} in order, the rules of every matching cluster role (by name order, skipping
     * the role itself) that are not already present. A matched role that is itself aggregated contributes its own
     * aggregated rules (cycles are cut), so the result is the fixpoint the controller converges to. Selectors that
     * are invalid match nothing. A role without an aggregationRule yields its own rules.
     */
    public static List<ObjectNode> aggregatedRules(ObjectNode clusterRole, List<ObjectNode> allClusterRoles) {
        List<Rule> rules = isAggregated(clusterRole)
                ? aggregate(clusterRole, allClusterRoles, new HashSet<>())
                : Rule.list(clusterRole.path("rules"));
        return rules.stream().map(Rule::toJson).toList();
    }

    /** Whether one of the PolicyRules in {@code rules} (a JSON array) allows the request, as upstream RulesAllow. */
    public static boolean rulesAllow(JsonNode rules, Attributes attributes) {
        for (Rule rule : Rule.list(rules)) {
            if (rule.allows(attributes)) {
                return true;
            }
        }
        return false;
    }

    /** Receives each granted rule, or the error of a binding whose role cannot be resolved; false stops. */
    private interface Visitor {
        boolean visit(Grant grant, Rule rule, String error);
    }

    /** The binding and matching subject a rule was granted through, as upstream's binding describers print it. */
    private record Grant(ObjectNode binding, JsonNode subject, String bindingNamespace) {

        String describe() {
            String name = Objects.requireNonNullElse(Meta.name(binding), "");
            JsonNode ref = binding.path("roleRef");
            String kind = Objects.requireNonNullElse(Meta.string(subject, "kind"), "");
            String subjectName = Objects.requireNonNullElse(Meta.string(subject, "name"), "");
            if (kind.equals("ServiceAccount")) {
                String ns = Objects.requireNonNullElse(Meta.string(subject, "namespace"), "");
                subjectName = subjectName + "/" + (ns.isEmpty() ? bindingNamespace : ns);
            }
            return (bindingNamespace.isEmpty() ? "ClusterRoleBinding " + GoQuote.quote(name)
                    : "RoleBinding " + GoQuote.quote(name + "/" + bindingNamespace))
                    + " of " + Objects.requireNonNullElse(Meta.string(ref, "kind"), "") + " "
                    + GoQuote.quote(Objects.requireNonNullElse(Meta.string(ref, "name"), "")) + " to " + kind + " "
                    + GoQuote.quote(subjectName);
        }
    }

    /** Visits each granted rule until the visitor returns false, like upstream VisitRulesFor. */
    private void visitRules(UserInfo user, String namespace, Visitor visitor) {
        List<List<ObjectNode>> allClusterRoles = new ArrayList<>(1); // fetched at most once per evaluation
        for (ObjectNode binding : source.clusterRoleBindings()) {
            JsonNode subject = appliesTo(user, binding.path("subjects"), "");
            if (subject != null && !visitAll(new Grant(binding, subject, ""),
                    binding.path("roleRef"), allClusterRoles, visitor)) {
                return;
            }
        }
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        for (ObjectNode binding : source.roleBindings(namespace)) {
            JsonNode subject = appliesTo(user, binding.path("subjects"), namespace);
            if (subject != null && !visitAll(new Grant(binding, subject, namespace),
                    binding.path("roleRef"), allClusterRoles, visitor)) {
                return;
            }
        }
    }

    private boolean visitAll(Grant grant, JsonNode roleRef, List<List<ObjectNode>> allClusterRoles, Visitor visitor) {
        List<Rule> rules;
        try {
            rules = roleRules(roleRef, grant.bindingNamespace(), allClusterRoles);
        } catch (UnresolvedRole e) {
            return visitor.visit(grant, null, e.getMessage());
        }
        for (Rule rule : rules) {
            if (!visitor.visit(grant, rule, null)) {
                return false;
            }
        }
        return true;
    }

    /** A binding's roleRef that names no existing role, with upstream's error message. */
    private static final class UnresolvedRole extends Exception {
        UnresolvedRole(String message) {
            super(message, null, false, false);
        }
    }

    /** The rules of the referenced role, like upstream GetRoleReferenceRules. */
    private List<Rule> roleRules(JsonNode roleRef, String bindingNamespace, List<List<ObjectNode>> allClusterRoles)
            throws UnresolvedRole {
        String name = Objects.requireNonNullElse(Meta.string(roleRef, "name"), "");
        String kind = Objects.requireNonNullElse(Meta.string(roleRef, "kind"), "");
        switch (kind) {
            case "Role" -> {
                ObjectNode role = bindingNamespace.isEmpty() || name.isEmpty() ? null
                        : source.role(bindingNamespace, name);
                if (role == null) {
                    throw new UnresolvedRole("role." + GROUP + " " + GoQuote.quote(name) + " not found");
                }
                return Rule.list(role.path("rules"));
            }
            case "ClusterRole" -> {
                ObjectNode role = name.isEmpty() ? null : source.clusterRole(name);
                if (role == null) {
                    throw new UnresolvedRole("clusterrole." + GROUP + " " + GoQuote.quote(name) + " not found");
                } else if (!isAggregated(role)) {
                    return Rule.list(role.path("rules"));
                }
                if (allClusterRoles.isEmpty()) {
                    allClusterRoles.add(source.clusterRoles());
                }
                return aggregate(role, allClusterRoles.getFirst(), new HashSet<>());
            }
            default -> throw new UnresolvedRole("unsupported role reference kind: " + GoQuote.quote(kind));
        }
    }

    private static boolean isAggregated(ObjectNode clusterRole) {
        return clusterRole.path("aggregationRule").isObject();
    }

    private static List<Rule> aggregate(ObjectNode role, List<ObjectNode> all, Set<String> visiting) {
        String self = Meta.name(role);
        visiting.add(self);
        LinkedHashSet<Rule> out = new LinkedHashSet<>();
        for (JsonNode selectorJson : role.path("aggregationRule").path("clusterRoleSelectors")) {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromJson(selectorJson);
            } catch (SelectorException e) {
                continue;
            }
            List<ObjectNode> matched = all.stream().filter(c -> selector.matches(Meta.labels(c))).sorted(BY_NAME)
                    .toList();
            for (ObjectNode candidate : matched) {
                String name = Meta.name(candidate);
                if (Objects.equals(name, self)) {
                    continue;
                } else if (!isAggregated(candidate)) {
                    out.addAll(Rule.list(candidate.path("rules")));
                } else if (!visiting.contains(name)) {
                    out.addAll(aggregate(candidate, all, visiting));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The first of the binding's subjects that is the user, or null, like upstream appliesTo. */
    private static JsonNode appliesTo(UserInfo user, JsonNode subjects, String bindingNamespace) {
        for (JsonNode subject : subjects) {
            if (appliesToUser(user, subject, bindingNamespace)) {
                return subject;
            }
        }
        return null;
    }

    private static boolean appliesToUser(UserInfo user, JsonNode subject, String bindingNamespace) {
        String name = Objects.requireNonNullElse(Meta.string(subject, "name"), "");
        String kind = Objects.requireNonNullElse(Meta.string(subject, "kind"), "");
        return switch (kind) {
            case "User" -> name.equals(user.name());
            case "Group" -> user.groups() != null && user.groups().contains(name);
            case "ServiceAccount" -> {
                String ns = Objects.requireNonNullElse(Meta.string(subject, "namespace"), "");
                if (ns.isEmpty()) {
                    ns = bindingNamespace; // a RoleBinding's subjects default to its own namespace
                }
                yield !ns.isEmpty() && (SA_PREFIX + ns + ":" + name).equals(user.name());
            }
            default -> false;
        };
    }

    /** One PolicyRule, normalized: absent, null and empty lists are the same empty list. */
    private record Rule(List<String> verbs, List<String> apiGroups, List<String> resources,
                        List<String> resourceNames, List<String> nonResourceURLs) {

        static List<Rule> list(JsonNode rules) {
            List<Rule> out = new ArrayList<>();
            for (JsonNode rule : rules) {
                if (rule.isObject()) {
                    out.add(new Rule(strings(rule, "verbs"), strings(rule, "apiGroups"), strings(rule, "resources"),
                            strings(rule, "resourceNames"), strings(rule, "nonResourceURLs")));
                }
            }
            return out;
        }

        private static List<String> strings(JsonNode rule, String field) {
            List<String> out = new ArrayList<>();
            for (JsonNode v : rule.path(field)) {
                if (v.isString()) {
                    out.add(v.stringValue());
                }
            }
            return List.copyOf(out);
        }

        /** Upstream RuleAllows. */
        boolean allows(Attributes a) {
            if (!matchesAny(verbs, nz(a.verb()))) {
                return false;
            } else if (!a.resourceRequest()) {
                return urlMatches(nz(a.path()));
            }
            String sub = nz(a.subresource());
            String combined = sub.isEmpty() ? nz(a.resource()) : nz(a.resource()) + "/" + sub;
            return matchesAny(apiGroups, nz(a.apiGroup())) && resourceMatches(combined, sub)
                    && (resourceNames.isEmpty() || resourceNames.contains(nz(a.name())));
        }

        private static boolean matchesAny(List<String> values, String requested) {
            return values.contains(ALL) || values.contains(requested);
        }

        /** "*", the exact "resource[/subresource]", or "*&#47;subresource"; there is no "resource/*" wildcard. */
        private boolean resourceMatches(String combined, String subresource) {
            for (String r : resources) {
                if (r.equals(ALL) || r.equals(combined) || (!subresource.isEmpty() && r.equals("*/" + subresource))) {
                    return true;
                }
            }
            return false;
        }

        /** "*", the exact path, or a prefix ending in "*" (all trailing stars are stripped, as Go's TrimRight). */
        private boolean urlMatches(String path) {
            for (String u : nonResourceURLs) {
                if (u.equals(ALL) || u.equals(path)) {
                    return true;
                }
                if (u.endsWith(ALL)) {
                    int end = u.length();
                    while (end > 0 && u.charAt(end - 1) == '*') {
                        end--;
                    }
                    if (path.startsWith(u.substring(0, end))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }

        /** The rule as an authorization/v1 ResourceRule: verbs always, other lists only when non-empty. */
        ObjectNode toResourceRule() {
            ObjectNode o = Json.object();
            put(o, "verbs", verbs, true);
            put(o, "apiGroups", apiGroups, false);
            put(o, "resources", resources, false);
            put(o, "resourceNames", resourceNames, false);
            return o;
        }

        /** The rule as an authorization/v1 NonResourceRule. */
        ObjectNode toNonResourceRule() {
            ObjectNode o = Json.object();
            put(o, "verbs", verbs, true);
            put(o, "nonResourceURLs", nonResourceURLs, false);
            return o;
        }

        /** The rule as rbac/v1 PolicyRule JSON; verbs always, other lists only when non-empty. */
        ObjectNode toJson() {
            ObjectNode o = Json.object();
            put(o, "verbs", verbs, true);
            put(o, "apiGroups", apiGroups, false);
            put(o, "resources", resources, false);
            put(o, "resourceNames", resourceNames, false);
            put(o, "nonResourceURLs", nonResourceURLs, false);
            return o;
        }

        private static void put(ObjectNode o, String field, List<String> values, boolean always) {
            if (always || !values.isEmpty()) {
                ArrayNode arr = o.putArray(field);
                values.forEach(arr::add);
            }
        }
    }
}
