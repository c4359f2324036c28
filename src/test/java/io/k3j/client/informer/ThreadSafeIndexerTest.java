package io.k3j.client.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ThreadSafeIndexerTest {

    static ObjectNode pod(String ns, String name, String node, String owner) {
        ObjectNode p = Json.object();
        ObjectNode md = p.putObject("metadata").put("name", name);
        if (ns != null) {
            md.put("namespace", ns);
        }
        md.put("resourceVersion", "1");
        if (owner != null) {
            md.putArray("ownerReferences").addObject().put("uid", owner).put("kind", "ReplicaSet");
        }
        if (node != null) {
            p.putObject("spec").put("nodeName", node);
        }
        return p;
    }

    @Test
    void keysAndIndexesFollowAddUpdateDelete() {
        ThreadSafeIndexer idx = new ThreadSafeIndexer(Indexers.pods());
        idx.add(pod("a", "p1", "n1", "rs1"));
        idx.add(pod("a", "p2", null, "rs1"));
        idx.add(pod("b", "p1", "n1", null));
        assertThat(idx.listKeys()).containsExactlyInAnyOrder("a/p1", "a/p2", "b/p1");
        assertThat(idx.get("a/p2")).isPresent();
        assertThat(idx.indexKeys(Indexers.NAMESPACE, "a")).containsExactlyInAnyOrder("a/p1", "a/p2");
        assertThat(idx.indexKeys(Indexers.OWNER_UID, "rs1")).containsExactlyInAnyOrder("a/p1", "a/p2");
        assertThat(idx.indexKeys(Indexers.NODE_NAME, "n1")).containsExactlyInAnyOrder("a/p1", "b/p1");

        // an update moves the object between index values
        assertThat(idx.add(pod("a", "p1", "n2", "rs1"))).isPresent();
        assertThat(idx.indexKeys(Indexers.NODE_NAME, "n1")).containsExactly("b/p1");
        assertThat(idx.byIndex(Indexers.NODE_NAME, "n2")).extracting(o -> o.path("metadata").path("name").asString())
                .containsExactly("p1");

        idx.delete(pod("b", "p1", null, null));
        assertThat(idx.indexKeys(Indexers.NODE_NAME, "n1")).isEmpty();
        assertThat(idx.listIndexFuncValues(Indexers.NAMESPACE)).containsExactly("a");
    }

    @Test
    void clusterScopedKeyIsTheName() {
        assertThat(Store.key(pod(null, "node-1", null, null))).isEqualTo("node-1");
    }

    @Test
    void customIndexAddedLaterCoversExistingObjects() {
        ThreadSafeIndexer idx = new ThreadSafeIndexer();
        idx.add(pod("a", "p1", null, null));
        idx.add(pod("b", "p2", null, null));
        idx.addIndexer("firstLetter", o -> List.of(o.path("metadata").path("name").asString().substring(0, 1)));
        assertThat(idx.indexKeys("firstLetter", "p")).containsExactlyInAnyOrder("a/p1", "b/p2");
        assertThatThrownBy(() -> idx.byIndex("missing", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceSwapsContentAndIndexes() {
        ThreadSafeIndexer idx = new ThreadSafeIndexer(Indexers.namespace());
        idx.add(pod("a", "p1", null, null));
        idx.replace(List.of(pod("c", "p9", null, null)));
        assertThat(idx.listKeys()).containsExactly("c/p9");
        assertThat(idx.indexKeys(Indexers.NAMESPACE, "a")).isEmpty();
        assertThat(idx.indexKeys(Indexers.NAMESPACE, "c")).containsExactly("c/p9");
    }
}
