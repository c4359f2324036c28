package io.k3j.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.controllers.endpointslice.SliceReconciler.Existing;
import io.k3j.controllers.endpointslice.SliceReconciler.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SliceReconcilerTest {

    static ObjectNode ep(int i, boolean ready) {
        ObjectNode e = Json.object();
        e.putArray("addresses").add("10.0." + i / 250 + "." + i % 250);
        e.putObject("conditions").put("ready", ready);
        e.putObject("targetRef").put("uid", "uid-" + i);
        return e;
    }

    static LinkedHashMap<String, ObjectNode> eps(int from, int to) {
        LinkedHashMap<String, ObjectNode> m = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            m.put("uid-" + i, ep(i, true));
        }
        return m;
    }

    @Test
    void packsNewEndpointsIntoFullSlices() {
        Plan plan = SliceReconciler.reconcile(List.of(), Map.of("p", eps(0, 250)), 100);
        assertThat(plan.create()).extracting(c -> c.endpoints().size()).containsExactly(100, 100, 50);
        assertThat(plan.update()).isEmpty();
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void unchangedSlicesCauseNoWrites() {
        List<Existing> existing = List.of(new Existing("a", "p", eps(0, 100), true),
                new Existing("b", "p", eps(100, 150), true));
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", eps(0, 150)), 100);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.update()).isEmpty();
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void aChangedEndpointRewritesOnlyItsSlice() {
        List<Existing> existing = List.of(new Existing("a", "p", eps(0, 100), true),
                new Existing("b", "p", eps(100, 150), true));
        LinkedHashMap<String, ObjectNode> desired = eps(0, 150);
        desired.put("uid-120", ep(120, false));
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", desired), 100);
        assertThat(plan.update()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("b");
            assertThat(u.endpoints()).hasSize(50).contains(ep(120, false));
        });
        assertThat(plan.create()).isEmpty();
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void removedEndpointsShrinkTheirSliceAndEmptySlicesGo() {
        List<Existing> existing = List.of(new Existing("a", "p", eps(0, 100), true),
                new Existing("b", "p", eps(100, 110), true));
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", eps(5, 100)), 100);
        assertThat(plan.update()).singleElement().satisfies(u -> assertThat(u.endpoints()).hasSize(95));
        assertThat(plan.delete()).containsExactly("b");
    }

    @Test
    void newEndpointsTopUpAChangedSliceBeforeNewOnesAreCreated() {
        List<Existing> existing = List.of(new Existing("a", "p", eps(0, 100), true));
        LinkedHashMap<String, ObjectNode> desired = eps(10, 130);
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", desired), 100);
        assertThat(plan.update()).singleElement().satisfies(u -> assertThat(u.endpoints()).hasSize(100));
        assertThat(plan.create()).singleElement().satisfies(c -> assertThat(c.endpoints()).hasSize(20));
    }

    @Test
    void aSmallRemainderGoesIntoAnUntouchedSliceWithRoom() {
        List<Existing> existing = List.of(new Existing("a", "p", eps(0, 40), true));
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", eps(0, 45)), 100);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.update()).singleElement().satisfies(u -> assertThat(u.endpoints()).hasSize(45));
    }

    @Test
    void slicesOfUnwantedPortSetsAreDeletedAndWrongMetadataIsRewritten() {
        List<Existing> existing = List.of(new Existing("old", "q", eps(0, 10), true),
                new Existing("mislabelled", "p", eps(0, 10), false));
        Plan plan = SliceReconciler.reconcile(existing, Map.of("p", eps(0, 10)), 100);
        assertThat(plan.delete()).containsExactly("old");
        assertThat(plan.update()).extracting(SliceReconciler.Update::name).containsExactly("mislabelled");
        assertThat(plan.create()).isEmpty();
    }
}
