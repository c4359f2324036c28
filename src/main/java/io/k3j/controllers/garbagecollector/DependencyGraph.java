package io.k3j.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The garbage collector's view of ownership (upstream's GraphBuilder uidToNode): one node per
 * uid, each knowing its owner references and its dependents. Owners referenced before they are
 * observed get a "virtual" node that the collector must verify against the API. Every change
 * answers what the collector should look at next ({@link Changes}); the graph itself never
 * calls the API. Thread-safe (one monitor).
 */
final class DependencyGraph {

    /** What a change asks for: nodes to attempt to delete, owners to orphan, dependents with an invalid owner namespace. */
    record Changes(Set<String> attemptToDelete, Set<String> attemptToOrphan, List<InvalidOwner> invalidOwners) {

        Changes() {
            this(new LinkedHashSet<>(), new LinkedHashSet<>(), new ArrayList<>());
        }

        boolean isEmpty() {
            return attemptToDelete.isEmpty() && attemptToOrphan.isEmpty() && invalidOwners.isEmpty();
        }
    }

    /** A dependent whose owner reference names an object that lives in another namespace. */
    record InvalidOwner(ObjectIdentity dependent, OwnerReference reference, String ownerNamespace) {
    }

    /** A read-only copy of a node. */
    record NodeView(ObjectIdentity identity, List<OwnerReference> owners, Set<String> dependents, boolean virtual,
                    boolean beingDeleted, boolean deletingDependents) {
    }

    /** What an observed object looks like to the graph. */
    record Observed(ObjectIdentity identity, List<OwnerReference> owners, boolean beingDeleted,
                    boolean orphanFinalizer, boolean foregroundFinalizer) {
    }

    private static final class Node {
        ObjectIdentity identity;
        List<OwnerReference> owners = List.of();
        final Set<String> dependents = new LinkedHashSet<>();
        boolean virtual;
        boolean beingDeleted;
        boolean deletingDependents;

        Node(ObjectIdentity identity, boolean virtual) {
            this.identity = identity;
            this.virtual = virtual;
        }

        NodeView view() {
            return new NodeView(identity, owners, Set.copyOf(dependents), virtual, beingDeleted, deletingDependents);
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();

    synchronized int size() {
        return nodes.size();
    }

    synchronized NodeView get(String uid) {
        Node n = nodes.get(uid);
        return n == null ? null : n.view();
    }

    /** The dependents of {@code uid} as the graph knows them. */
    synchronized List<NodeView> dependents(String uid) {
        Node n = nodes.get(uid);
        List<NodeView> out = new ArrayList<>();
        if (n != null) {
            for (String d : n.dependents) {
                Node dep = nodes.get(d);
                if (dep != null) {
                    out.add(dep.view());
                }
            }
        }
        return out;
    }

    /** The dependents whose reference to {@code uid} has blockOwnerDeletion=true (they hold a foreground deletion). */
    synchronized List<NodeView> blockingDependents(String uid) {
        List<NodeView> out = new ArrayList<>();
        for (NodeView d : dependents(uid)) {
            for (OwnerReference r : d.owners()) {
                if (r.uid().equals(uid) && r.blockOwnerDeletion()) {
                    out.add(d);
                    break;
                }
            }
        }
        return out;
    }

    /** An object was added or updated. */
    synchronized Changes observe(Observed o) {
        Changes c = new Changes();
        String uid = o.identity().uid();
        Node n = nodes.get(uid);
        if (n == null) {
            n = new Node(o.identity(), false);
            nodes.put(uid, n);
            n.owners = List.copyOf(o.owners());
            for (OwnerReference ref : n.owners) {
                addToOwner(n, ref, c);
            }
        } else {
            if (n.virtual) {
                n.virtual = false;
                checkDependentsNamespaces(n, o.identity(), c);
            }
            n.identity = o.identity();
            updateOwners(n, o.owners(), c);
        }
        n.beingDeleted = o.beingDeleted();
        if (o.beingDeleted() && o.orphanFinalizer()) {
            c.attemptToOrphan().add(uid);
        }
        boolean waiting = o.beingDeleted() && o.foregroundFinalizer();
        if (waiting && !n.deletingDependents) {
            c.attemptToDelete().addAll(n.dependents);
            c.attemptToDelete().add(uid);
        }
        n.deletingDependents = waiting;
        return c;
    }

    /** An object is gone (a delete event, or the API answered 404 or another uid for it). */
    synchronized Changes remove(String uid) {
        Changes c = new Changes();
        Node n = nodes.remove(uid);
        if (n == null) {
            return c;
        }
        for (OwnerReference ref : n.owners) {
            detachFromOwner(uid, ref.uid(), c);
        }
        c.attemptToDelete().addAll(n.dependents);
        c.attemptToDelete().remove(uid);
        return c;
    }

    /** A virtual node was verified absent: its dependents must look at their owners. Observed nodes stay. */
    synchronized Changes removeVirtual(String uid) {
        Node n = nodes.get(uid);
        if (n == null || !n.virtual) {
            return new Changes();
        }
        return remove(uid);
    }

    private void updateOwners(Node n, List<OwnerReference> owners, Changes c) {
        Map<String, OwnerReference> before = new HashMap<>();
        for (OwnerReference r : n.owners) {
            before.put(r.uid(), r);
        }
        Map<String, OwnerReference> after = new HashMap<>();
        for (OwnerReference r : owners) {
            after.put(r.uid(), r);
        }
        n.owners = List.copyOf(owners);
        for (OwnerReference old : before.values()) {
            OwnerReference now = after.get(old.uid());
            if (now == null) {
                detachFromOwner(n.identity.uid(), old.uid(), c);
            } else if (old.blockOwnerDeletion() && !now.blockOwnerDeletion()) {
                Node owner = nodes.get(old.uid());
                if (owner != null && owner.deletingDependents) {
                    c.attemptToDelete().add(owner.identity.uid());
                }
            }
        }
        for (OwnerReference ref : owners) {
            if (!before.containsKey(ref.uid())) {
                addToOwner(n, ref, c);
            }
        }
    }

    private void addToOwner(Node dependent, OwnerReference ref, Changes c) {
        Node owner = nodes.get(ref.uid());
        if (owner == null) {
            owner = new Node(ObjectIdentity.ofOwner(ref, dependent.identity.namespace()), true);
            nodes.put(ref.uid(), owner);
            c.attemptToDelete().add(ref.uid());
        } else if (!owner.virtual && !owner.identity.namespace().isEmpty()
                && !owner.identity.namespace().equals(dependent.identity.namespace())) {
            c.invalidOwners().add(new InvalidOwner(dependent.identity, ref, owner.identity.namespace()));
            c.attemptToDelete().add(dependent.identity.uid());
        }
        owner.dependents.add(dependent.identity.uid());
    }

    private void detachFromOwner(String dependentUid, String ownerUid, Changes c) {
        Node owner = nodes.get(ownerUid);
        if (owner == null) {
            return;
        }
        owner.dependents.remove(dependentUid);
        if (owner.deletingDependents) {
            c.attemptToDelete().add(ownerUid);
        }
        if (owner.virtual && owner.dependents.isEmpty()) {
            nodes.remove(ownerUid);
        }
    }

    /** A virtual node turned out to be a namespaced object: dependents elsewhere named it wrongly. */
    private void checkDependentsNamespaces(Node owner, ObjectIdentity actual, Changes c) {
        if (actual.namespace().isEmpty()) {
            return;
        }
        for (String d : owner.dependents) {
            Node dep = nodes.get(d);
            if (dep == null || Objects.equals(dep.identity.namespace(), actual.namespace())) {
                continue;
            }
            for (OwnerReference r : dep.owners) {
                if (r.uid().equals(actual.uid())) {
                    c.invalidOwners().add(new InvalidOwner(dep.identity, r, actual.namespace()));
                }
            }
            c.attemptToDelete().add(d);
        }
    }
}
