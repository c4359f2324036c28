package io.k3j.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paged lists from the cache: pages in key order and the count of objects left after a page. */
class WatchCacheListTest {

    private static final String PREFIX = "/registry/configmaps/";

    @TempDir
    Path dir;

    private Backend backend;
    private WatchCache cache;

    @BeforeEach
    void start() {
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        for (int i = 0; i < 5; i++) {
            create("a", "cm-" + i);
        }
        create("b", "cm-0");
        create("b", "cm-1");
        cache = new WatchCache(backend, PREFIX, 64, 64);
        cache.start();
    }

    @AfterEach
    void stop() {
        cache.close();
        backend.close();
    }

    private long create(String ns, String name) {
        String json = "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"labels\":{\"n\":\""
                + name + "\"}}}";
        return backend.create(PREFIX + ns + "/" + name, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void aFirstPageCountsWhatIsLeftInTheNamespaceAndOverall() {
        WatchCache.Page ns = cache.list(PREFIX + "a/", null, 2, WatchFilter.ALL);
        assertThat(ns.items()).extracting(CachedObject::key).containsExactly(PREFIX + "a/cm-0", PREFIX + "a/cm-1");
        assertThat(ns.more()).isTrue();
        assertThat(ns.remaining()).isEqualTo(3);
        WatchCache.Page all = cache.list(PREFIX, null, 3, WatchFilter.ALL);
        assertThat(all.remaining()).isEqualTo(4);
        WatchCache.Page whole = cache.list(PREFIX + "b/", null, 2, WatchFilter.ALL);
        assertThat(whole.more()).isFalse();
        assertThat(whole.remaining()).isZero();
    }

    @Test
    void countsFollowCreatesAndDeletes() {
        backend.delete(PREFIX + "a/cm-4", 0);
        long rev = create("a", "cm-5");
        create("c", "cm-0");
        backend.delete(PREFIX + "c/cm-0", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.list(PREFIX, null, 0, WatchFilter.ALL).revision() > rev);
        assertThat(cache.list(PREFIX + "a/", null, 1, WatchFilter.ALL).remaining()).isEqualTo(4);
        assertThat(cache.list(PREFIX + "c/", null, 1, WatchFilter.ALL).items()).isEmpty();
        assertThat(cache.list(PREFIX, null, 6, WatchFilter.ALL).remaining()).isEqualTo(1);
    }

    @Test
    void aFilteredPageStopsAtTheFirstMatchBeyondTheLimit() {
        WatchFilter notThree = o -> !o.path("metadata").path("labels").path("n").asString().equals("cm-3");
        WatchCache.Page page = cache.list(PREFIX + "a/", null, 3, notThree);
        assertThat(page.items()).extracting(CachedObject::key)
                .containsExactly(PREFIX + "a/cm-0", PREFIX + "a/cm-1", PREFIX + "a/cm-2");
        assertThat(page.more()).isTrue();
        WatchCache.Page last = cache.list(PREFIX + "a/", null, 4, notThree);
        assertThat(last.more()).isFalse();
    }
}
