package io.k3j.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.watch.WatchCache;
import io.k3j.storage.Backend;
import io.k3j.storage.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Updates and patches start from the watch cache's copy; when the cache lags the datastore,
 * the write's compare-and-swap fails and the retry starts from the stored object, so no write
 * made meanwhile is lost.
 */
class CachedWriteTest {

    @AutoClose
    private final StoreFixture fixture;
    private final Backend backend;
    private final WatchCache cache;
    private final GenericStore store;
    private final String key;

    CachedWriteTest(@TempDir Path dir) {
        fixture = new StoreFixture(dir, "configmaps");
        backend = fixture.backend;
        cache = fixture.cache;
        store = fixture.store(1);
        ObjectNode created = store.create("default", object("{\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"1\"}}"),
                false);
        cache.waitFresh(Long.parseLong(Meta.resourceVersion(created)), Duration.ofSeconds(5));
        key = fixture.type.key("default", "cm");
        // the cache stops following the datastore: it keeps the first version
        cache.close();
        KeyValue kv = backend.get(key, 0).orElseThrow();
        ObjectNode changed = Json.readStored(kv.value());
        ((ObjectNode) changed.get("data")).put("b", "2");
        backend.update(key, Json.bytes(changed), kv.modRevision(), 0);
    }

    private static ObjectNode object(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode stored() {
        return Json.readStored(backend.get(key, 0).orElseThrow().value());
    }

    @Test
    void aPatchOverAStaleCacheKeepsTheWriteItDidNotSee() {
        ObjectNode patched = store.patch("default", "cm", cm -> {
            ((ObjectNode) cm.get("data")).put("c", "3");
            return cm;
        }, null, false);
        assertThat(patched.path("data").propertyNames()).containsExactly("a", "b", "c");
        assertThat(stored().path("data").propertyNames()).containsExactly("a", "b", "c");
    }

    @Test
    void anUnconditionalUpdateOverAStaleCacheSucceeds() {
        ObjectNode updated = store.update("default", "cm",
                object("{\"metadata\":{\"name\":\"cm\"},\"data\":{\"z\":\"9\"}}"), null, false);
        assertThat(updated.path("data").propertyNames()).containsExactly("z");
        assertThat(stored().path("data").propertyNames()).containsExactly("z");
    }

    @Test
    void anUpdateAtTheCachedButOutdatedVersionIsAConflict() {
        String cachedRv = Meta.resourceVersion(cache.get(key).object());
        assertThatThrownBy(() -> store.update("default", "cm", object(
                "{\"metadata\":{\"name\":\"cm\",\"resourceVersion\":\"" + cachedRv + "\"},\"data\":{\"z\":\"9\"}}"),
                null, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(409));
        assertThat(stored().path("data").propertyNames()).containsExactly("a", "b");
    }
}
