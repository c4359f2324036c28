package io.k3j.server;

import io.k3j.storage.Backend;
import io.k3j.storage.StorageException;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Path;

/** Opens the datastore named by {@code --datastore-endpoint} (K3s's syntax; empty = SQLite). */
public final class Datastores {

    private Datastores() {
    }

    public static Backend open(String endpoint, Path serverDir) {
        String e = endpoint == null ? "" : endpoint.strip();
        if (e.isEmpty() || e.equals("sqlite")) {
            return sqlite(serverDir.resolve("db").resolve("state.db"));
        }
        if (e.startsWith("sqlite://")) {
            String path = e.substring("sqlite://".length());
            int q = path.indexOf('?');
            return sqlite(Path.of(q >= 0 ? path.substring(0, q) : path));
        }
        String scheme = e.contains("://") ? e.substring(0, e.indexOf("://")) : e;
        throw new StorageException("datastore endpoint scheme '" + scheme
                + "' is not supported by this build (supported: sqlite)");
    }

    private static Backend sqlite(Path file) {
        return SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults());
    }
}
