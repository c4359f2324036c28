package io.k3j.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Empty labels, annotations, finalizers, ownerReferences and generateName are not stored, as Go's
 * {@code omitempty} leaves them out of upstream's objects; what is not empty is kept.
 */
class EmptyMetadataTest {

    @AutoClose
    private final StoreFixture fixture;
    private final GenericStore store;

    EmptyMetadataTest(@TempDir Path dir) {
        fixture = new StoreFixture(dir, "configmaps");
        store = fixture.store(1);
    }

    private static ObjectNode parse(String json) {
        return Json.parseObject(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCreateStoresNoEmptyMetadataMembers() {
        ObjectNode created = store.create("default", parse("{'metadata':{'name':'c','labels':{},'annotations':null,"
                + "'finalizers':[],'ownerReferences':[],'generateName':''},'data':{'k':'v'}}"), false);
        fixture.cache.waitFresh(Long.parseLong(Meta.resourceVersion(created)), Duration.ofSeconds(5));
        ObjectNode stored = store.get("default", "c");
        for (ObjectNode o : new ObjectNode[] {created, stored}) {
            assertThat(o.path("metadata").propertyNames())
                    .doesNotContain("labels", "annotations", "finalizers", "ownerReferences", "generateName")
                    .contains("name", "uid", "resourceVersion", "creationTimestamp");
        }
    }

    @Test
    void anUpdateThatEmptiesTheFinalizersDropsTheMemberAndKeepsTheRest() {
        ObjectNode created = store.create("default", parse("{'metadata':{'name':'c','labels':{'a':'b'},"
                + "'finalizers':['example.com/keep']},'data':{'k':'v'}}"), false);
        ObjectNode edited = created.deepCopy();
        ((ObjectNode) edited.get("metadata")).putArray("finalizers");
        ObjectNode updated = store.update("default", "c", edited, null, false, "test");
        assertThat(updated.path("metadata").has("finalizers")).isFalse();
        assertThat(updated.path("metadata").path("labels").path("a").asString()).isEqualTo("b");
        assertThat(Meta.resourceVersion(updated)).isNotEqualTo(Meta.resourceVersion(created));
    }
}
