package io.k3j.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    static ObjectIdentity id(String ns, String name, String uid) {
        return new ObjectIdentity("v1", "ConfigMap", ns, name, uid);
    }

    static OwnerReference ref(String name, String uid, boolean block) {
        return new OwnerReference("v1", "ConfigMap", name, uid, false, block);
    }

    static DependencyGraph.Observed obs(ObjectIdentity id, List<OwnerReference> owners) {
        return new DependencyGraph.Observed(id, owners, false, false, false);
    }

    @Test
    void anUnseenOwnerBecomesAVirtualNodeToVerify() {
        DependencyGraph g = new DependencyGraph();
        DependencyGraph.Changes c = g.observe(obs(id("ns", "dep", "d1"), List.of(ref("own", "o1", false))));
        assertThat(c.attemptToDelete()).containsExactly("o1");
        assertThat(g.get("o1").virtual()).isTrue();
        assertThat(g.get("o1").identity().namespace()).isEqualTo("ns");
        assertThat(g.get("o1").dependents()).containsExactly("d1");
        // verified absent: dependents are looked at
        assertThat(g.removeVirtual("o1").attemptToDelete()).containsExactly("d1");
        assertThat(g.get("o1")).isNull();
    }

    @Test
    void anObservedOwnerIsNotVerifiedAndItsDeletionQueuesDependents() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "own", "o1"), List.of()));
        DependencyGraph.Changes c = g.observe(obs(id("ns", "dep", "d1"), List.of(ref("own", "o1", false))));
        assertThat(c.isEmpty()).isTrue();
        assertThat(g.removeVirtual("o1").isEmpty()).isTrue();
        assertThat(g.get("o1")).isNotNull();
        assertThat(g.remove("o1").attemptToDelete()).containsExactly("d1");
    }

    @Test
    void foregroundDeletionQueuesDependentsAndOwnerAndOnlyBlockingDependentsHold() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "own", "o1"), List.of()));
        g.observe(obs(id("ns", "a", "a1"), List.of(ref("own", "o1", true))));
        g.observe(obs(id("ns", "b", "b1"), List.of(ref("own", "o1", false))));
        DependencyGraph.Changes c = g.observe(new DependencyGraph.Observed(id("ns", "own", "o1"), List.of(), true,
                false, true));
        assertThat(c.attemptToDelete()).containsExactlyInAnyOrder("a1", "b1", "o1");
        assertThat(g.get("o1").deletingDependents()).isTrue();
        assertThat(g.blockingDependents("o1")).extracting(n -> n.identity().uid()).containsExactly("a1");
        // the same state again is no transition
        assertThat(g.observe(new DependencyGraph.Observed(id("ns", "own", "o1"), List.of(), true, false, true))
                .attemptToDelete()).isEmpty();
        // a dependent going away wakes the waiting owner
        assertThat(g.remove("a1").attemptToDelete()).containsExactly("o1");
        assertThat(g.blockingDependents("o1")).isEmpty();
    }

    @Test
    void droppingBlockOwnerDeletionWakesAWaitingOwner() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "own", "o1"), List.of()));
        g.observe(obs(id("ns", "a", "a1"), List.of(ref("own", "o1", true))));
        g.observe(new DependencyGraph.Observed(id("ns", "own", "o1"), List.of(), true, false, true));
        assertThat(g.observe(obs(id("ns", "a", "a1"), List.of(ref("own", "o1", false)))).attemptToDelete())
                .containsExactly("o1");
        assertThat(g.blockingDependents("o1")).isEmpty();
    }

    @Test
    void orphanFinalizerOnADeletingObjectAsksToOrphan() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "own", "o1"), List.of()));
        assertThat(g.observe(new DependencyGraph.Observed(id("ns", "own", "o1"), List.of(), true, true, false))
                .attemptToOrphan()).containsExactly("o1");
        assertThat(g.observe(new DependencyGraph.Observed(id("ns", "own", "o1"), List.of(), false, true, false))
                .attemptToOrphan()).isEmpty();
    }

    @Test
    void ownerReferenceChangesMoveTheDependentBetweenOwners() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "x", "x1"), List.of()));
        g.observe(obs(id("ns", "y", "y1"), List.of()));
        g.observe(obs(id("ns", "dep", "d1"), List.of(ref("x", "x1", false), ref("y", "y1", false))));
        assertThat(g.get("x1").dependents()).containsExactly("d1");
        assertThat(g.get("y1").dependents()).containsExactly("d1");
        g.observe(obs(id("ns", "dep", "d1"), List.of(ref("y", "y1", false))));
        assertThat(g.get("x1").dependents()).isEmpty();
        assertThat(g.get("y1").dependents()).containsExactly("d1");
        g.remove("d1");
        assertThat(g.get("y1").dependents()).isEmpty();
    }

    @Test
    void aVirtualOwnerWithNoDependentsLeftIsForgotten() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "dep", "d1"), List.of(ref("own", "o1", false))));
        g.remove("d1");
        assertThat(g.get("o1")).isNull();
        assertThat(g.size()).isZero();
    }

    @Test
    void anOwnerInAnotherNamespaceIsReportedAsInvalid() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("other", "own", "o1"), List.of()));
        DependencyGraph.Changes c = g.observe(obs(id("ns", "dep", "d1"), List.of(ref("own", "o1", false))));
        assertThat(c.invalidOwners()).hasSize(1);
        assertThat(c.invalidOwners().getFirst().dependent().uid()).isEqualTo("d1");
        assertThat(c.attemptToDelete()).containsExactly("d1");
    }

    @Test
    void aVirtualOwnerObservedInAnotherNamespaceReportsItsDependents() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(id("ns", "dep", "d1"), List.of(ref("own", "o1", false))));
        DependencyGraph.Changes c = g.observe(obs(id("other", "own", "o1"), List.of()));
        assertThat(g.get("o1").virtual()).isFalse();
        assertThat(c.invalidOwners()).extracting(i -> i.ownerNamespace()).containsExactly("other");
        assertThat(c.attemptToDelete()).containsExactly("d1");
    }

    @Test
    void aClusterScopedOwnerIsValidForNamespacedDependents() {
        DependencyGraph g = new DependencyGraph();
        g.observe(obs(new ObjectIdentity("v1", "Node", "", "n", "n1"), List.of()));
        DependencyGraph.Changes c = g.observe(obs(id("ns", "dep", "d1"),
                List.of(new OwnerReference("v1", "Node", "n", "n1", false, false))));
        assertThat(c.isEmpty()).isTrue();
    }
}
