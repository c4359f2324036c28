package io.k3j.apiserver.registry;

import io.k3j.apiserver.watch.WatchCache;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;

/** A built-in resource's store over a real SQLite datastore in {@code dir}, with its watch cache started. */
final class StoreFixture implements AutoCloseable {

    final ResourceType type;
    final Backend backend;
    final WatchCache cache;

    StoreFixture(Path dir, String resource) {
        type = BuiltinResources.all().stream().filter(t -> t.resource().equals(resource)).findFirst().orElseThrow();
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        cache = new WatchCache(backend, type.keyPrefix(), 64, 64);
        cache.start();
    }

    /** A store whose generated names come from {@code seed}. */
    GenericStore store(long seed) {
        return new GenericStore(type, backend, cache, ns -> { }, Clock.systemUTC(), new Random(seed));
    }

    @Override
    public void close() {
        cache.close();
        backend.close();
    }
}
