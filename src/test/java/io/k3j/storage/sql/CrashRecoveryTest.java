package io.k3j.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.storage.Event;
import io.k3j.storage.KeyValue;
import io.k3j.storage.StorageException;
import io.k3j.storage.Watch;
import io.k3j.storage.WatchListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL and checks that every write it acknowledged is in the
 * reopened datastore and that the log is consistent.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        Path file = dir.resolve("state.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file.toString(), "16")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, Long> acked = new HashMap<>();
        long deadline = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK")) {
                    acked.put(parts[1], Long.parseLong(parts[2]));
                }
                if (deadline != 0 && System.nanoTime() > deadline && acked.size() > 200 && child.isAlive()) {
                    // SIGKILL through the handle, which leaves the pipe open: lines already in it
                    // were acknowledged too and are still read
                    child.toHandle().destroyForcibly();
                    child.waitFor();
                }
            }
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(acked).hasSizeGreaterThan(200);

        try (SqlBackend backend = SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults())) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                KeyValue kv = backend.get(e.getKey(), 0).orElse(null);
                assertThat(kv).as("acknowledged %s", e.getKey()).isNotNull();
                assertThat(kv.modRevision()).isEqualTo(e.getValue());
                assertThat(kv.value()).hasSize(1024);
            }
            long current = backend.currentRevision();
            long maxAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(current).isGreaterThanOrEqualTo(maxAcked);
            assertThat(backend.count("/crash/")).isEqualTo(current);

            // the log replays as revisions 2..current with no gap
            List<Event> history = new CopyOnWriteArrayList<>();
            try (Watch ignored = backend.watch("/crash/", 1, new WatchListener() {
                @Override
                public void onEvents(List<Event> batch) {
                    history.addAll(batch);
                }

                @Override
                public void onError(StorageException error) {
                }
            })) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> history.size() == current - 1);
            }
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).revision()).isEqualTo(i + 2L);
            }
            long next = backend.create("/after/crash", new byte[]{1}, 0);
            assertThat(next).isEqualTo(current + 1);
        }
    }
}
