package io.k3j.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.k3j.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fills a tiny tmpfs under the datastore: writes fail clearly and acknowledged data stays. Needs root. */
class DiskFullTest {

    @TempDir
    Path dir;

    private Path mount;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs; skipped");
        mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", mount.toString())
                .inheritIO().start();
        assumeTrue(p.waitFor() == 0, "cannot mount tmpfs here; skipped");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void fullDiskFailsWritesClearlyAndKeepsAcknowledgedOnes() {
        Path file = mount.resolve("state.db");
        Map<String, Long> acked = new LinkedHashMap<>();
        StorageException failure = null;
        byte[] value = new byte[8 * 1024];
        try (SqlBackend backend = SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults())) {
            for (int i = 0; i < 10_000 && failure == null; i++) {
                try {
                    acked.put("/full/" + i, backend.create("/full/" + i, value, 0));
                } catch (StorageException e) {
                    failure = e;
                }
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("disk is full");
        assertThat(acked).isNotEmpty();

        try (SqlBackend backend = SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults())) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                assertThat(backend.get(e.getKey(), 0)).as(e.getKey()).isPresent()
                        .get().extracting(kv -> kv.modRevision()).isEqualTo(e.getValue());
            }
            assertThat(backend.count("/full/")).isEqualTo(acked.size());
        }
    }
}
