package io.k3j.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.k3j.api.Json;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Objects a write offers the cache are taken for their own event instead of a parse, and only for it. */
class WatchCacheWrittenTest {

    private static final String KEY = "/registry/configmaps/a/cm";

    @TempDir
    Path dir;

    private Backend backend;
    private WatchCache cache;

    @BeforeEach
    void start() {
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        cache = new WatchCache(backend, "/registry/configmaps/", 64, 64);
        cache.start();
    }

    @AfterEach
    void stop() {
        cache.close();
        backend.close();
    }

    private static byte[] json(String value) {
        return ("{\"metadata\":{\"name\":\"cm\",\"namespace\":\"a\"},\"data\":{\"v\":\"" + value + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode offer(String value, long rev) {
        ObjectNode o = (ObjectNode) Json.tree(json(value));
        ((ObjectNode) o.get("metadata")).put("resourceVersion", Long.toString(rev)).put("offered", true);
        return o;
    }

    @Test
    void anOfferForTheNextRevisionIsTakenAndAStaleOneDropped() {
        long first = backend.create(KEY, json("1"), 0);
        await().until(() -> cache.revision() >= first);
        assertThat(cache.get(KEY).object().at("/metadata/offered").isMissingNode()).as("parsed").isTrue();
        cache.written(KEY, offer("2", first + 1), first + 1);
        long second = backend.update(KEY, json("2"), first, 0);
        assertThat(second).isEqualTo(first + 1);
        await().until(() -> cache.revision() >= second);
        assertThat(cache.get(KEY).object().at("/metadata/offered").asBoolean()).isTrue();
        assertThat(cache.offers()).isZero();
        cache.written(KEY, offer("2", second), second);
        assertThat(cache.offers()).as("its event was applied already").isZero();
        // an offer for a revision another key's write takes: waits, and goes with the key's next event
        long other = second + 1;
        cache.written(KEY, offer("9", other), other);
        assertThat(backend.create(KEY + "-other", json("x"), 0)).isEqualTo(other);
        await().until(() -> cache.revision() >= other);
        assertThat(cache.offers()).isEqualTo(1);
        long third = backend.update(KEY, json("3"), second, 0);
        await().until(() -> cache.revision() >= third);
        assertThat(cache.get(KEY).object().at("/data/v").asString()).isEqualTo("3");
        assertThat(cache.get(KEY).object().at("/metadata/offered").isMissingNode()).isTrue();
        assertThat(cache.offers()).isZero();
        // and with a deletion
        long another = third + 1;
        cache.written(KEY, offer("9", another), another);
        backend.update(KEY + "-other", json("y"), other, 0);
        long deleted = backend.delete(KEY, 0).revision();
        await().until(() -> cache.revision() >= deleted);
        assertThat(cache.get(KEY)).isNull();
        assertThat(cache.offers()).isZero();
    }
}
