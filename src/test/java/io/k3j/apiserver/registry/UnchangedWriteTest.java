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
 * An update that changes nothing writes nothing, even when it was built in code and holds a
 * long where the stored object, read back from JSON, holds an int of the same value: otherwise a
 * controller that writes what it computed would see its own write and write again, forever.
 */
class UnchangedWriteTest {

    @AutoClose
    private final StoreFixture fixture;
    private final GenericStore store;

    UnchangedWriteTest(@TempDir Path dir) {
        fixture = new StoreFixture(dir, "leases");
        store = fixture.store(1);
    }

    @Test
    void anUpdateEqualByValueKeepsTheRevision() {
        ObjectNode created = store.create("default", Json.parseObject(
                "{\"metadata\":{\"name\":\"l\"},\"spec\":{\"holderIdentity\":\"a\",\"leaseDurationSeconds\":40}}"
                        .getBytes(StandardCharsets.UTF_8)), false);
        String rv = Meta.resourceVersion(created);
        fixture.cache.waitFresh(Long.parseLong(rv), Duration.ofSeconds(5));
        ObjectNode same = created.deepCopy();
        ((ObjectNode) same.get("spec")).put("leaseDurationSeconds", 40L);
        assertThat(same.at("/spec/leaseDurationSeconds").isLong()).isTrue();
        ObjectNode updated = store.update("default", "l", same, null, false, "test");
        assertThat(Meta.resourceVersion(updated)).as("nothing written").isEqualTo(rv);
        assertThat(fixture.backend.currentRevision()).isEqualTo(Long.parseLong(rv));

        ObjectNode changed = created.deepCopy();
        ((ObjectNode) changed.get("spec")).put("leaseDurationSeconds", 41L);
        assertThat(Meta.resourceVersion(store.update("default", "l", changed, null, false, "test"))).isNotEqualTo(rv);
    }
}
