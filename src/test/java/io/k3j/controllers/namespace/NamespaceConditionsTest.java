package io.k3j.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NamespaceConditionsTest {

    @Test
    void aCleanPassSetsAllFiveConditionsFalse() {
        List<NamespaceConditions.Condition> cs = NamespaceConditions.of(new NamespaceConditions.Outcome(Map.of(),
                List.of(), Map.of(), Map.of()));
        assertThat(cs).extracting(NamespaceConditions.Condition::type).containsExactly(
                "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
        assertThat(cs).allMatch(c -> !c.status());
        assertThat(cs).extracting(NamespaceConditions.Condition::reason).containsExactly("ResourcesDiscovered",
                "ParsedGroupVersions", "ContentDeleted", "ContentRemoved", "ContentHasNoFinalizers");
    }

    @Test
    void remainingContentAndFinalizersAreCounted() {
        List<NamespaceConditions.Condition> cs = NamespaceConditions.of(new NamespaceConditions.Outcome(
                Map.of("x.io/v1", "boom"), List.of("secrets: denied"),
                Map.of("widgets.example.com", 2, "configmaps.", 1), Map.of("example.com/hold", 3)));
        assertThat(cs.get(0).status()).isTrue();
        assertThat(cs.get(0).reason()).isEqualTo("DiscoveryFailed");
        assertThat(cs.get(2).reason()).isEqualTo("ContentDeletionFailed");
        assertThat(cs.get(3).message()).isEqualTo("Some resources are remaining: configmaps. has 1 resource"
                + " instances, widgets.example.com has 2 resource instances");
        assertThat(cs.get(4).reason()).isEqualTo("SomeFinalizersRemain");
        assertThat(cs.get(4).message()).isEqualTo("Some content in the namespace has finalizers remaining:"
                + " example.com/hold in 3 resource instances");
    }

    @Test
    void mergeKeepsTransitionTimesWhileTheStatusStays() {
        ObjectNode status = Json.object();
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-01-01T00:01:00Z");
        var remaining = NamespaceConditions.of(new NamespaceConditions.Outcome(Map.of(), List.of(),
                Map.of("configmaps.", 1), Map.of()));
        assertThat(NamespaceConditions.merge(status, remaining, t1)).isTrue();
        assertThat(NamespaceConditions.merge(status, remaining, t2)).isFalse();
        var clean = NamespaceConditions.of(new NamespaceConditions.Outcome(Map.of(), List.of(), Map.of(), Map.of()));
        assertThat(NamespaceConditions.merge(status, clean, t2)).isTrue();
        assertThat(status.path("conditions").get(3).path("lastTransitionTime").asString()).isEqualTo(t2.toString());
        assertThat(status.path("conditions").get(0).path("lastTransitionTime").asString()).isEqualTo(t1.toString());
    }
}
