package io.k3j.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.storage.Backend;
import io.k3j.storage.BackendContract;
import io.k3j.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the backend contract on SQLite, plus SQLite-specific failure modes. */
class SqliteBackendTest extends BackendContract {

    @TempDir
    Path dir;

    @Override
    protected Backend newBackend() {
        return open(dir.resolve("db/state.db"));
    }

    @Override
    protected Backend reopen(Backend old) {
        old.close();
        return open(dir.resolve("db/state.db"));
    }

    private static SqlBackend open(Path file) {
        return SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults());
    }

    @Test
    void secondOpenerOfTheSameFileIsRefused() {
        assertThatThrownBy(() -> open(dir.resolve("db/state.db")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("in use by another k3s server");
        backend.create("/still/works", bytes("x"), 0);
    }

    @Test
    void corruptFileIsReportedClearly() throws Exception {
        Path bad = dir.resolve("bad/state.db");
        Files.createDirectories(bad.getParent());
        Files.write(bad, "this is not a database, just some text that is long enough to matter....".repeat(20).getBytes());
        assertThatThrownBy(() -> open(bad))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void unwritableDirectoryIsReportedClearly() throws Exception {
        Path file = dir.resolve("plainfile");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> open(file.resolve("db/state.db")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot create datastore directory");
    }

    @Test
    void periodicCompactionKeepsTheConfiguredHistory() throws Exception {
        backend.close();
        Path file = dir.resolve("periodic/state.db");
        SqlOptions options = SqlOptions.defaults().withCompaction(java.time.Duration.ofMillis(100), 5);
        backend = SqlBackend.open(SqliteDialect.open(file), options);
        long rev = backend.create("/p", bytes("0"), 0);
        for (int i = 1; i <= 20; i++) {
            rev = backend.update("/p", bytes(Integer.toString(i)), rev, 0);
        }
        long last = rev;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> backend.compactRevision() == last - 5);
        assertThat(backend.get("/p", last - 5)).isPresent();
        assertThat(backend.get("/p", 0).orElseThrow().valueString()).isEqualTo("20");
    }
}
