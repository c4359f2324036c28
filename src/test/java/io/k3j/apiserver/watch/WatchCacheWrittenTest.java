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

    /** The object for {@code json(value)}, marked so that a test sees whether the cache took it. */
    private static ObjectNode marked(String value) {
        ObjectNode o = (ObjectNode) Json.tree(json(value));
        ((ObjectNode) o.get("metadata")).put("offered", true);
        return o;
    }

    private boolean takenFromOffer() {
        return cache.get(KEY).object().at("/metadata/offered").asBoolean(false);
    }

    @Test
    void anOfferIsTakenForTheEventOfItsOwnBytesOnly() {
        long first = backend.create(KEY, json("1"), 0);
        await().until(() -> cache.revision() >= first);
        assertThat(takenFromOffer()).as("parsed").isFalse();

        byte[] two = json("2");
        cache.offer(KEY, marked("2"), two);
        long second = backend.update(KEY, two, first, 0);
        await().until(() -> cache.revision() >= second);
        assertThat(takenFromOffer()).isTrue();
        assertThat(cache.get(KEY).object().at("/metadata/resourceVersion").asString())
                .isEqualTo(Long.toString(second));
        assertThat(Json.frozen(cache.get(KEY).object())).isTrue();
        assertThat(cache.offers()).isZero();

        // another write's event (other bytes) leaves the offer waiting for its own
        WatchCache.Offer nine = cache.offer(KEY, marked("9"), json("9"));
        long third = backend.update(KEY, json("3"), second, 0);
        await().until(() -> cache.revision() >= third);
        assertThat(cache.get(KEY).object().at("/data/v").asString()).isEqualTo("3");
        assertThat(takenFromOffer()).isFalse();
        assertThat(cache.offers()).isEqualTo(1);
        // a failed write withdraws its offer, which is then not taken for equal bytes
        cache.withdraw(nine);
        assertThat(cache.offers()).isZero();
        long fourth = backend.update(KEY, json("9"), third, 0);
        await().until(() -> cache.revision() >= fourth);
        assertThat(takenFromOffer()).isFalse();
        // equal bytes in another array are the same write
        cache.offer(KEY, marked("5"), json("5"));
        long fifth = backend.update(KEY, json("5"), fourth, 0);
        await().until(() -> cache.revision() >= fifth);
        assertThat(takenFromOffer()).isTrue();
        assertThat(cache.offer(KEY, null, json("6"))).isNull();
        assertThat(cache.offers()).isZero();
    }
}
