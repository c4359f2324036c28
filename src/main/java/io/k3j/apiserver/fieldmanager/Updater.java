package io.k3j.apiserver.fieldmanager;

import io.k3j.apiserver.schema.TypeDef;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One apply, as upstream's structured-merge-diff updater does it: the applied configuration is
 * merged into the live object; fields the applier set last time and no longer sets are removed
 * unless some manager (the applier included) still owns them ("pruning"); then the change from
 * the live object is checked against every other manager: a field the apply adds or changes
 * that another manager owns is a conflict, which fails the apply unless it is forced, when the
 * field moves to the applier. Fields the apply removes leave their owners, owners left with
 * nothing go, and the applier owns exactly what it applied. Setting a field to the value it
 * already has is no change, so the applier then shares it. Stateless.
 */
final class Updater {

    /**
     * What an apply produced.
     *
     * @param object  the merged and pruned object (without managedFields)
     * @param others  the other managers' entries, updated
     * @param applied what the applier now owns (before metadata paths are stripped)
     * @param changed whether the object differs from the live one
     */
    record Result(ObjectNode object, Map<String, ManagedEntry> others, FieldSet applied, boolean changed) {
    }

    private static final FieldSet METADATA = FieldSet.of(java.util.List.of(java.util.List.of(
            PathElement.field("metadata"))));

    private Updater() {
    }

    /**
     * @param live     the live object without managedFields (empty when creating)
     * @param config   the applied configuration, checked by {@code typed}
     * @param configSet its field set ({@link TypedFields#toFieldSet}), without ignored paths
     * @param managers the entries by identity
     * @param applier  the applier's identity
     * @param ignored  paths this apply neither changes nor owns (null: none)
     * @throws Conflicts when other managers own what the apply changes and it is not forced
     */
    static Result apply(ObjectNode live, ObjectNode config, FieldSet configSet, Map<String, ManagedEntry> managers,
                        String applier, boolean force, FieldSet ignored, TypedFields typed) {
        TypeDef type = typed.type();
        ObjectNode merged = (ObjectNode) StructuredMerge.merge(live, config, type);
        ManagedEntry last = managers.get(applier);
        if (last != null && !last.fields().isEmpty()) {
            prune(merged, configSet, managers, applier, last.fields(), typed);
        }
        Comparison diff = Comparison.compare(live, merged, type).without(ignored);
        FieldSet changed = diff.changed();
        Map<ManagedEntry, FieldSet> conflicts = new LinkedHashMap<>();
        for (Map.Entry<String, ManagedEntry> e : managers.entrySet()) {
            if (e.getKey().equals(applier)) {
                continue;
            }
            FieldSet taken = e.getValue().fields().intersection(changed);
            if (!taken.isEmpty()) {
                conflicts.put(e.getValue(), taken);
            }
        }
        if (!force && !conflicts.isEmpty()) {
            throw new Conflicts(conflicts);
        }
        Map<String, ManagedEntry> others = new LinkedHashMap<>();
        for (Map.Entry<String, ManagedEntry> e : managers.entrySet()) {
            if (e.getKey().equals(applier)) {
                continue;
            }
            ManagedEntry m = e.getValue();
            FieldSet rest = m.fields();
            FieldSet taken = conflicts.get(m);
            if (taken != null) {
                rest = rest.difference(taken);
            }
            rest = rest.difference(diff.removed());
            if (!rest.isEmpty()) {
                others.put(e.getKey(), m.withFields(rest));
            }
        }
        return new Result(merged, others, configSet, !live.equals(merged));
    }

    /**
     * Removes from {@code merged} what the applier owned last time ({@code lastSet}) and nobody
     * owns now, each with everything below it.
     */
    private static void prune(ObjectNode merged, FieldSet configSet, Map<String, ManagedEntry> managers,
                              String applier, FieldSet lastSet, TypedFields typed) {
        // the metadata object itself always stays (its name, uid, … are nobody's)
        FieldSet owned = configSet.union(METADATA);
        for (Map.Entry<String, ManagedEntry> e : managers.entrySet()) {
            if (!e.getKey().equals(applier)) {
                owned = owned.union(e.getValue().fields());
            }
        }
        FieldSet dropped = typed.ensureNamedFieldsAreMembers(lastSet)
                .difference(typed.ensureNamedFieldsAreMembers(owned));
        StructuredMerge.removeItems(merged, dropped, typed.type());
    }
}
