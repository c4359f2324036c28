package io.k3j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Backend} must have. A subclass supplies a fresh, empty backend
 * (and can reopen it on the same storage) and inherits every test.
 */
public abstract class BackendContract {

    protected Backend backend;

    /** A new backend over empty storage. */
    protected abstract Backend newBackend() throws Exception;

    /** Closes {@code old} and opens a backend on the same storage. */
    protected abstract Backend reopen(Backend old) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        backend = newBackend();
    }

    @AfterEach
    void tearDown() {
        if (backend != null) {
            backend.close();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createGetUpdateDelete() {
        long r1 = backend.create("/registry/pods/a", bytes("v1"), 0);
        assertThat(r1).isPositive();
        assertThat(backend.currentRevision()).isEqualTo(r1);

        KeyValue kv = backend.get("/registry/pods/a", 0).orElseThrow();
        assertThat(kv.valueString()).isEqualTo("v1");
        assertThat(kv.createRevision()).isEqualTo(r1);
        assertThat(kv.modRevision()).isEqualTo(r1);

        long r2 = backend.update("/registry/pods/a", bytes("v2"), r1, 0);
        assertThat(r2).isGreaterThan(r1);
        kv = backend.get("/registry/pods/a", 0).orElseThrow();
        assertThat(kv.valueString()).isEqualTo("v2");
        assertThat(kv.createRevision()).isEqualTo(r1);
        assertThat(kv.modRevision()).isEqualTo(r2);

        DeleteResult del = backend.delete("/registry/pods/a", r2);
        assertThat(del.revision()).isGreaterThan(r2);
        assertThat(del.deleted().valueString()).isEqualTo("v2");
        assertThat(backend.get("/registry/pods/a", 0)).isEmpty();
        assertThat(backend.currentRevision()).isEqualTo(del.revision());
    }

    @Test
    void createFailsOnLiveKeyButSucceedsAfterDelete() {
        long r1 = backend.create("/k", bytes("a"), 0);
        assertThatThrownBy(() -> backend.create("/k", bytes("b"), 0)).isInstanceOf(KeyExistsException.class);
        assertThat(backend.get("/k", 0).orElseThrow().valueString()).isEqualTo("a");
        backend.delete("/k", 0);
        long r3 = backend.create("/k", bytes("c"), 0);
        KeyValue kv = backend.get("/k", 0).orElseThrow();
        assertThat(kv.createRevision()).isEqualTo(r3).isGreaterThan(r1);
        assertThat(kv.valueString()).isEqualTo("c");
    }

    @Test
    void preconditionsAreEnforced() {
        long r1 = backend.create("/k", bytes("a"), 0);
        long r2 = backend.update("/k", bytes("b"), r1, 0);
        assertThatThrownBy(() -> backend.update("/k", bytes("stale"), r1, 0))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.current().modRevision()).isEqualTo(r2));
        assertThatThrownBy(() -> backend.delete("/k", r1)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> backend.update("/missing", bytes("x"), 5, 0))
                .isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> backend.delete("/missing", 0)).isInstanceOf(KeyNotFoundException.class);
        assertThat(backend.get("/k", 0).orElseThrow().valueString()).isEqualTo("b");
        assertThat(backend.currentRevision()).isEqualTo(r2);
    }

    @Test
    void getAtPastRevision() {
        long r1 = backend.create("/k", bytes("a"), 0);
        long r2 = backend.update("/k", bytes("b"), r1, 0);
        long r3 = backend.delete("/k", 0).revision();
        assertThat(backend.get("/k", r1).orElseThrow().valueString()).isEqualTo("a");
        assertThat(backend.get("/k", r2).orElseThrow().valueString()).isEqualTo("b");
        assertThat(backend.get("/k", r3)).isEmpty();
        assertThatThrownBy(() -> backend.get("/k", r3 + 100)).isInstanceOf(StorageException.class);
    }

    @Test
    void listsPrefixInKeyOrderWithPagingAtOneRevision() {
        for (int i = 9; i >= 0; i--) {
            backend.create("/registry/cm/ns/c" + i, bytes("v" + i), 0);
        }
        backend.create("/registry/cmx/other", bytes("x"), 0);
        backend.create("/registry/cm", bytes("exact-key-outside-prefix"), 0);

        ListResult page1 = backend.list("/registry/cm/", null, 4, 0);
        assertThat(page1.kvs()).extracting(KeyValue::key)
                .containsExactly("/registry/cm/ns/c0", "/registry/cm/ns/c1", "/registry/cm/ns/c2",
                        "/registry/cm/ns/c3");
        assertThat(page1.more()).isTrue();
        long at = page1.revision();
        assertThat(at).isEqualTo(backend.currentRevision());

        // writes after the first page must not show in later pages read at the same revision
        backend.delete("/registry/cm/ns/c5", 0);
        backend.create("/registry/cm/ns/c45", bytes("new"), 0);
        long c6 = backend.get("/registry/cm/ns/c6", 0).orElseThrow().modRevision();
        backend.update("/registry/cm/ns/c6", bytes("changed"), c6, 0);

        ListResult page2 = backend.list("/registry/cm/", page1.continueAfter(), 4, at);
        assertThat(page2.kvs()).extracting(KeyValue::key)
                .containsExactly("/registry/cm/ns/c4", "/registry/cm/ns/c5", "/registry/cm/ns/c6",
                        "/registry/cm/ns/c7");
        assertThat(page2.kvs().get(2).valueString()).isEqualTo("v6");
        ListResult page3 = backend.list("/registry/cm/", page2.continueAfter(), 4, at);
        assertThat(page3.kvs()).extracting(KeyValue::key)
                .containsExactly("/registry/cm/ns/c8", "/registry/cm/ns/c9");
        assertThat(page3.more()).isFalse();
        assertThat(page3.continueAfter()).isNull();

        ListResult now = backend.list("/registry/cm/", null, 0, 0);
        assertThat(now.kvs()).extracting(KeyValue::key)
                .contains("/registry/cm/ns/c45").doesNotContain("/registry/cm/ns/c5").hasSize(10);
        assertThat(backend.count("/registry/cm/")).isEqualTo(10);
        assertThat(backend.count("")).isEqualTo(12);
        assertThat(backend.list("", null, 0, 0).kvs()).hasSize(12);
    }

    @Test
    void watchDeliversEveryEventInOrderFromARevision() throws Exception {
        long r1 = backend.create("/w/a", bytes("1"), 0);
        long r2 = backend.update("/w/a", bytes("2"), r1, 0);
        backend.create("/other/x", bytes("x"), 0);
        Recorder rec = new Recorder();
        try (Watch ignored = backend.watch("/w/", r1, rec)) {
            long r4 = backend.create("/w/b", bytes("b"), 0);
            long r5 = backend.delete("/w/a", 0).revision();
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.size() >= 3);
            assertThat(rec.events).extracting(Event::revision).containsExactly(r2, r4, r5);
            assertThat(rec.events).extracting(Event::type)
                    .containsExactly(Event.Type.UPDATE, Event.Type.CREATE, Event.Type.DELETE);
            Event update = rec.events.get(0);
            assertThat(update.prevKv().valueString()).isEqualTo("1");
            assertThat(update.kv().valueString()).isEqualTo("2");
            Event delete = rec.events.get(2);
            assertThat(delete.kv().key()).isEqualTo("/w/a");
            assertThat(delete.prevKv().valueString()).isEqualTo("2");
        }
    }

    @Test
    void watchUnderConcurrentWritesHasNoGapsOrDuplicates() throws Exception {
        long start = backend.create("/w/seed", bytes("s"), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        backend.create("/w/t" + id + "/" + i, bytes("v"), 0);
                    }
                }));
            }
            Thread.sleep(5);
            Recorder rec = new Recorder();
            try (Watch ignored = backend.watch("/w/", start, rec)) {
                for (Future<?> f : writers) {
                    f.get();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> rec.events.size() >= 400);
                Thread.sleep(50);
                List<Long> revs = rec.events.stream().map(Event::revision).toList();
                assertThat(revs).hasSize(400).isSorted().doesNotHaveDuplicates();
                assertThat(revs.getFirst()).isEqualTo(start + 1);
                assertThat(revs.getLast()).isEqualTo(backend.currentRevision());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void watchReportsProgressPastWritesOutsideItsPrefix() throws Exception {
        java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
        Recorder rec = new Recorder() {
            @Override
            public void onProgress(long revision) {
                progress.accumulateAndGet(revision, Math::max);
            }
        };
        try (Watch ignored = backend.watch("/a/", 0, rec)) {
            long r = backend.create("/b/1", bytes("x"), 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.get() >= r);
            assertThat(rec.events).isEmpty();
            long r2 = backend.create("/a/1", bytes("y"), 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.get() >= r2);
            assertThat(rec.events).extracting(Event::revision).containsExactly(r2);
        }
    }

    @Test
    void watchStopsWhenClosed() throws Exception {
        Recorder rec = new Recorder();
        Watch watch = backend.watch("/w/", 0, rec);
        backend.create("/w/1", bytes("1"), 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.size() == 1);
        watch.close();
        watch.close();
        backend.create("/w/2", bytes("2"), 0);
        Thread.sleep(100);
        assertThat(rec.events).hasSize(1);
    }

    @Test
    void compactionDiscardsHistoryButKeepsLiveState() throws Exception {
        long r1 = backend.create("/c/a", bytes("a1"), 0);
        long r2 = backend.update("/c/a", bytes("a2"), r1, 0);
        backend.create("/c/b", bytes("b"), 0);
        long r4 = backend.delete("/c/b", 0).revision();
        long r5 = backend.create("/c/c", bytes("c"), 0);
        backend.compact(r4);
        assertThat(backend.compactRevision()).isEqualTo(r4);

        assertThat(backend.get("/c/a", 0).orElseThrow().valueString()).isEqualTo("a2");
        assertThat(backend.get("/c/a", r4).orElseThrow().modRevision()).isEqualTo(r2);
        assertThat(backend.get("/c/b", 0)).isEmpty();
        assertThat(backend.list("/c/", null, 0, r4).kvs()).extracting(KeyValue::key).containsExactly("/c/a");
        assertThatThrownBy(() -> backend.get("/c/a", r1)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> backend.list("/c/", null, 0, r2)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> backend.watch("/c/", r1, new Recorder()))
                .isInstanceOf(CompactedException.class);

        Recorder rec = new Recorder();
        try (Watch ignored = backend.watch("/c/", r4, rec)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.size() == 1);
            assertThat(rec.events.getFirst().revision()).isEqualTo(r5);
        }
        backend.compact(r2); // older than the compaction point: no-op
        assertThat(backend.compactRevision()).isEqualTo(r4);
        assertThatThrownBy(() -> backend.compact(backend.currentRevision() + 10))
                .isInstanceOf(StorageException.class);

        // a deleted key recreated after compaction starts a new incarnation
        long r6 = backend.create("/c/b", bytes("b2"), 0);
        assertThat(backend.get("/c/b", 0).orElseThrow().createRevision()).isEqualTo(r6);
    }

    @Test
    void revisionsSurviveReopenAndCompaction() throws Exception {
        long r1 = backend.create("/r/a", bytes("a"), 0);
        long r2 = backend.delete("/r/a", 0).revision();
        backend.compact(r2);
        backend = reopen(backend);
        assertThat(backend.currentRevision()).isGreaterThanOrEqualTo(r2);
        assertThat(backend.compactRevision()).isEqualTo(r2);
        long r3 = backend.create("/r/b", bytes("b"), 0);
        assertThat(r3).isGreaterThan(r2).isGreaterThan(r1);
    }

    @Test
    void leasedKeysExpireWithADeleteEvent() throws Exception {
        Recorder rec = new Recorder();
        try (Watch ignored = backend.watch("/l/", 0, rec)) {
            long r1 = backend.create("/l/short", bytes("x"), 1);
            backend.create("/l/forever", bytes("y"), 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.get("/l/short", 0).isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> rec.events.size() >= 3);
            Event expired = rec.events.get(2);
            assertThat(expired.type()).isEqualTo(Event.Type.DELETE);
            assertThat(expired.kv().key()).isEqualTo("/l/short");
            assertThat(expired.prevKv().modRevision()).isEqualTo(r1);
            assertThat(backend.get("/l/forever", 0)).isPresent();
        }
    }

    @Test
    void rewritingALeasedKeyRestartsItsLease() throws Exception {
        long r1 = backend.create("/l/k", bytes("x"), 1);
        long r2 = backend.update("/l/k", bytes("y"), r1, 0);
        Thread.sleep(1600);
        KeyValue kv = backend.get("/l/k", 0).orElseThrow();
        assertThat(kv.modRevision()).isEqualTo(r2);
    }

    @Test
    void leasesAreRestoredAfterReopen() throws Exception {
        backend.create("/l/k", bytes("x"), 1);
        backend = reopen(backend);
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.get("/l/k", 0).isEmpty());
    }

    @Test
    void concurrentWritersLoseNoUpdates() throws Exception {
        backend.create("/counter", bytes("0"), 0);
        Set<Long> revisions = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(pool.submit(() -> {
                    for (int done = 0; done < perThread; ) {
                        KeyValue kv = backend.get("/counter", 0).orElseThrow();
                        int n = Integer.parseInt(kv.valueString());
                        try {
                            revisions.add(backend.update("/counter", bytes(Integer.toString(n + 1)),
                                    kv.modRevision(), 0));
                            done++;
                        } catch (ConflictException retry) {
                            // someone else won; read again
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(backend.get("/counter", 0).orElseThrow().valueString())
                .isEqualTo(Integer.toString(threads * perThread));
        assertThat(revisions).hasSize(threads * perThread);
    }

    @Test
    void concurrentCreatesGetDistinctIncreasingRevisions() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int id = t;
                all.add(pool.submit(() -> {
                    long last = 0;
                    for (int i = 0; i < 20; i++) {
                        long rev = backend.create("/cc/" + id + "/" + i, bytes("v"), 0);
                        assertThat(rev).isGreaterThan(last);
                        last = rev;
                        seen.add(rev);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(640).doesNotHaveDuplicates();
        assertThat(backend.count("/cc/")).isEqualTo(640);
        assertThat(Collections.max(seen)).isEqualTo(backend.currentRevision());
    }

    @Test
    void valuesRoundTripExactly() {
        byte[] value = new byte[4096];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        backend.create("/bin", value, 0);
        assertThat(backend.get("/bin", 0).orElseThrow().value()).isEqualTo(value);
        backend.create("/empty", new byte[0], 0);
        assertThat(backend.get("/empty", 0).orElseThrow().value()).isEmpty();
    }

    @Test
    void rejectsEmptyKeys() {
        assertThatThrownBy(() -> backend.create("", bytes("x"), 0)).isInstanceOf(StorageException.class);
    }

    /** Collects a watch's events. */
    protected static class Recorder implements WatchListener {
        public final List<Event> events = new CopyOnWriteArrayList<>();
        public final AtomicReference<StorageException> error = new AtomicReference<>();

        @Override
        public void onEvents(List<Event> batch) {
            events.addAll(batch);
        }

        @Override
        public void onError(StorageException e) {
            error.set(e);
        }
    }
}
