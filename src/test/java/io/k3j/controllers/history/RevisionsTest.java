package io.k3j.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RevisionsTest {

    static ObjectNode set(String image) {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"u1\"},"
                + "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}").getBytes());
    }

    @Test
    void hashDependsOnTemplateAndCollisionCountOnly() {
        String a = Revisions.hash(Revisions.patchData(set("nginx:1")), 0);
        assertThat(a).matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(Revisions.hash(Revisions.patchData(set("nginx:1")), 0)).isEqualTo(a);
        assertThat(Revisions.hash(Revisions.patchData(set("nginx:2")), 0)).isNotEqualTo(a);
        assertThat(Revisions.hash(Revisions.patchData(set("nginx:1")), 1)).isNotEqualTo(a);
        ObjectNode reordered = (ObjectNode) Json.parse(("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":"
                + "\"nginx:1\",\"name\":\"c\"}]},\"metadata\":{\"labels\":{\"app\":\"web\"}},\"$patch\":\"replace\"}}}")
                .getBytes());
        assertThat(Revisions.hash(reordered, 0)).isEqualTo(a);
    }

    @Test
    void newRevisionIsNamedLabelledOwnedAndRestoresTheTemplate() {
        ObjectNode owner = set("nginx:1");
        ObjectNode r = Revisions.newRevision(owner, "apps/v1", "StatefulSet", Revisions.patchData(owner), 3, 0);
        String hash = Revisions.hash(Revisions.patchData(owner), 0);
        assertThat(Meta.name(r)).isEqualTo("web-" + hash);
        assertThat(Meta.labels(r)).containsEntry("app", "web").containsEntry("controller-revision-hash", hash);
        assertThat(r.path("revision").asLong()).isEqualTo(3);
        assertThat(r.path("data").path("spec").path("template").path("$patch").asString()).isEqualTo("replace");
        assertThat(r.path("metadata").path("ownerReferences").get(0).path("controller").asBoolean()).isTrue();
        assertThat(Revisions.templateOf(r)).isEqualTo(owner.path("spec").path("template"));
    }

    static ObjectNode rev(String name, long n) {
        ObjectNode r = Json.object();
        r.putObject("metadata").put("name", name);
        r.put("revision", n);
        return r;
    }

    @Test
    void historyKeepsLiveRevisionsAndTheNewestOldOnes() {
        List<ObjectNode> revs = List.of(rev("r3", 3), rev("r1", 1), rev("r2", 2), rev("r4", 4), rev("r5", 5));
        assertThat(Revisions.nextRevision(revs)).isEqualTo(6);
        assertThat(Revisions.sorted(revs).stream().map(Meta::name).toList())
                .containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(History.excess(revs, Set.of("r5", "r1"), 2).stream().map(Meta::name).toList())
                .containsExactly("r2");
        assertThat(History.excess(revs, Set.of("r5"), 0).stream().map(Meta::name).toList())
                .containsExactly("r1", "r2", "r3", "r4");
        assertThat(History.excess(revs, Set.of(), 10)).isEmpty();
    }
}
