package io.k3j.bench;

import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage benchmark run by {@code bench/storage}: durable creates for 1 and 32 writers,
 * get and list latency, against plain-JDBC SQLite baselines of the same table shape measured
 * in the same run. Prints a Markdown table.
 */
public final class StorageBench {

    private static final byte[] VALUE = new byte[1024];

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/var/tmp"), "k3j-bench");
        int singleOps = Integer.getInteger("bench.single", 2000);
        int multiOps = Integer.getInteger("bench.multi", 40_000);
        ThreadLocalRandom.current().nextBytes(VALUE);

        Result baseSingle = baselineSingle(dir.resolve("base1.db"), singleOps);
        Result baseBatch = baselineBatched(dir.resolve("base100.db"), multiOps);
        Result one;
        Result many;
        Result get;
        Result list;
        try (Backend backend = SqlBackend.open(SqliteDialect.open(dir.resolve("k3j.db")), SqlOptions.defaults())) {
            one = writers(backend, "/one/", 1, singleOps);
            many = writers(backend, "/many/", 32, multiOps);
            for (int i = 0; i < 1000; i++) {
                backend.create("/list/" + String.format("%04d", i), VALUE, 0);
            }
            get = gets(backend, 5000, multiOps);
            list = lists(backend, 200);
        }
        System.out.println("| measurement | ops/s | p50 ms | p99 ms | vs baseline |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("baseline: JDBC single-row fsync'd inserts", baseSingle, null);
        row("baseline: JDBC 100-row batched inserts", baseBatch, null);
        row("k3j create, 1 writer", one, baseSingle);
        row("k3j create, 32 writers", many, baseBatch);
        row("k3j get (random key of " + multiOps + ")", get, null);
        row("k3j list (1,000 keys)", list, null);
        deleteTree(dir);
    }

    record Result(double opsPerSec, double p50, double p99) {
    }

    private static void row(String name, Result r, Result base) {
        String ratio = base == null ? "" : String.format("%.0f %%", 100 * r.opsPerSec() / base.opsPerSec());
        System.out.printf("| %s | %.0f | %.2f | %.2f | %s |%n", name, r.opsPerSec(), r.p50(), r.p99(), ratio);
    }

    private static Result writers(Backend backend, String prefix, int threads, int total) throws Exception {
        long[] lat = new long[total];
        AtomicInteger next = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < total; ) {
                    long t0 = System.nanoTime();
                    backend.create(prefix + i, VALUE, 0);
                    lat[i] = System.nanoTime() - t0;
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        return result(lat, System.nanoTime() - start);
    }

    private static Result gets(Backend backend, int count, int keys) {
        long[] lat = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String key = "/many/" + ThreadLocalRandom.current().nextInt(keys);
            long t0 = System.nanoTime();
            backend.get(key, 0).orElseThrow();
            lat[i] = System.nanoTime() - t0;
        }
        return result(lat, System.nanoTime() - start);
    }

    private static Result lists(Backend backend, int count) {
        long[] lat = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            int n = backend.list("/list/", null, 0, 0).kvs().size();
            if (n != 1000) {
                throw new IllegalStateException("listed " + n);
            }
            lat[i] = System.nanoTime() - t0;
        }
        return result(lat, System.nanoTime() - start);
    }

    private static Connection baselineConnection(Path file) throws Exception {
        Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created INTEGER NOT NULL,"
                    + " deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL,"
                    + " lease INTEGER NOT NULL, value BLOB)");
            st.execute("CREATE INDEX kv_name_id ON kv (name, id)");
        }
        return conn;
    }

    private static void insert(PreparedStatement ps, int i) throws Exception {
        ps.setLong(1, i + 1);
        ps.setString(2, "/base/" + i);
        ps.setInt(3, 1);
        ps.setInt(4, 0);
        ps.setLong(5, i + 1);
        ps.setLong(6, 0);
        ps.setLong(7, 0);
        ps.setBytes(8, VALUE);
        ps.executeUpdate();
    }

    private static Result baselineSingle(Path file, int total) throws Exception {
        long[] lat = new long[total];
        try (Connection conn = baselineConnection(file);
             PreparedStatement ps = conn.prepareStatement("INSERT INTO kv VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long t0 = System.nanoTime();
                insert(ps, i);
                lat[i] = System.nanoTime() - t0;
            }
            return result(lat, System.nanoTime() - start);
        }
    }

    private static Result baselineBatched(Path file, int total) throws Exception {
        int batches = total / 100;
        long[] lat = new long[batches];
        try (Connection conn = baselineConnection(file);
             PreparedStatement ps = conn.prepareStatement("INSERT INTO kv VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            conn.setAutoCommit(false);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                long t0 = System.nanoTime();
                for (int i = b * 100; i < (b + 1) * 100; i++) {
                    insert(ps, i);
                }
                conn.commit();
                lat[b] = System.nanoTime() - t0;
            }
            long elapsed = System.nanoTime() - start;
            Result perBatch = result(lat, elapsed);
            return new Result(batches * 100 * 1e9 / elapsed, perBatch.p50(), perBatch.p99());
        }
    }

    private static Result result(long[] latNanos, long elapsedNanos) {
        long[] sorted = latNanos.clone();
        Arrays.sort(sorted);
        return new Result(sorted.length * 1e9 / elapsedNanos, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
