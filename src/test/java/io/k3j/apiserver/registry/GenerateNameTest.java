package io.k3j.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.watch.WatchCache;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** generateName creates retry with a new suffix when the generated name is taken. */
class GenerateNameTest {

    @TempDir
    Path dir;

    private Backend backend;
    private WatchCache cache;
    private ResourceType configmaps;

    @BeforeEach
    void start() {
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        configmaps = BuiltinResources.all().stream().filter(t -> t.resource().equals("configmaps")).findFirst()
                .orElseThrow();
        cache = new WatchCache(backend, configmaps.keyPrefix(), 64, 64);
        cache.start();
    }

    @AfterEach
    void stop() {
        cache.close();
        backend.close();
    }

    private GenericStore store(long seed) {
        return new GenericStore(configmaps, backend, cache, ns -> { }, Clock.systemUTC(), new Random(seed));
    }

    private static ObjectNode generated(String base) {
        return Json.parseObject(("{\"metadata\":{\"generateName\":\"" + base + "\"}}").getBytes());
    }

    @Test
    void aTakenGeneratedNameIsRetriedWithANewSuffix() {
        String first = Meta.name(store(7).create("default", generated("cm-"), false));
        ObjectNode again = store(7).create("default", generated("cm-"), false);
        assertThat(Meta.name(again)).startsWith("cm-").hasSize(first.length()).isNotEqualTo(first);
    }

    @Test
    void anExplicitNameThatIsTakenIsAConflictWithoutRetry() {
        store(1).create("default", Json.parseObject("{\"metadata\":{\"name\":\"fixed\"}}".getBytes()), false);
        assertThatThrownBy(() -> store(1).create("default",
                Json.parseObject("{\"metadata\":{\"name\":\"fixed\"}}".getBytes()), false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(409));
    }
}
