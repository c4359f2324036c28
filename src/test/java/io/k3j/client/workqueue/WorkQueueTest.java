package io.k3j.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void addIsIdempotentWhileWaiting() throws Exception {
        WorkQueue<String> q = new WorkQueue<>();
        q.add("a");
        q.add("b");
        q.add("a");
        assertThat(q.len()).isEqualTo(2);
        assertThat(q.get()).isEqualTo("a");
        assertThat(q.get()).isEqualTo("b");
        assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void itemAddedWhileProcessingIsQueuedAgainAfterDone() throws Exception {
        WorkQueue<String> q = new WorkQueue<>();
        q.add("a");
        assertThat(q.get()).isEqualTo("a");
        q.add("a");
        q.add("a");
        // not handed to a second worker while the first holds it
        assertThat(q.len()).isZero();
        assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
        q.done("a");
        assertThat(q.len()).isEqualTo(1);
        assertThat(q.get()).isEqualTo("a");
        q.done("a");
        assertThat(q.len()).isZero();
    }

    @Test
    void neverProcessedConcurrently() throws Exception {
        WorkQueue<Integer> q = new WorkQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    Integer item;
                    while ((item = q.get()) != null) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.sleep(1);
                        inFlight.decrementAndGet();
                        processed.incrementAndGet();
                        q.done(item);
                    }
                } catch (InterruptedException ignored) {
                    // end
                }
            }));
        }
        for (int i = 0; i < 200; i++) {
            q.add(7);
        }
        q.shutDown();
        for (Thread t : workers) {
            t.join(5000);
        }
        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(processed.get()).isBetween(1, 200);
    }

    @Test
    void shutDownDrainsThenReturnsNull() throws Exception {
        WorkQueue<String> q = new WorkQueue<>();
        q.add("a");
        q.shutDown();
        q.add("b");
        assertThat(q.shuttingDown()).isTrue();
        assertThat(q.get()).isEqualTo("a");
        assertThat(q.get()).isNull();
    }

    @Test
    void exponentialBackoffPerItemAndForget() {
        RateLimiter<String> r = RateLimiter.defaultControllerRateLimiter();
        assertThat(r.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(r.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(r.when("a")).isEqualTo(Duration.ofMillis(20));
        assertThat(r.when("b")).isEqualTo(Duration.ofMillis(5));
        assertThat(r.numRequeues("a")).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            r.when("a");
        }
        assertThat(r.when("a")).isEqualTo(Duration.ofSeconds(1000));
        r.forget("a");
        assertThat(r.numRequeues("a")).isZero();
        assertThat(r.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void addAfterWaitsForTheClock() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        RateLimitingQueue<String> q = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter(), now::get);
        q.addAfter("later", Duration.ofHours(1));
        q.addAfter("sooner", Duration.ofMinutes(1));
        q.addAfter("later", Duration.ofHours(2)); // a later deadline does not postpone
        assertThat(q.waitingLen()).isEqualTo(2);
        assertThat(q.poll(50, TimeUnit.MILLISECONDS)).isNull();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(q.poll(2, TimeUnit.SECONDS)).isEqualTo("sooner");
        assertThat(q.poll(30, TimeUnit.MILLISECONDS)).isNull();
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(q.poll(2, TimeUnit.SECONDS)).isEqualTo("later");
        q.addAfter("now", Duration.ZERO);
        assertThat(q.len()).isEqualTo(1);
        q.shutDown();
    }

    @Test
    void addRateLimitedUsesTheBackoff() throws Exception {
        AtomicLong now = new AtomicLong(0);
        RateLimitingQueue<String> q = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter(), now::get);
        q.addRateLimited("k");
        q.addRateLimited("k");
        assertThat(q.numRequeues("k")).isEqualTo(2);
        now.addAndGet(Duration.ofMillis(4).toNanos());
        assertThat(q.poll(40, TimeUnit.MILLISECONDS)).isNull();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(q.poll(2, TimeUnit.SECONDS)).isEqualTo("k");
        q.forget("k");
        assertThat(q.numRequeues("k")).isZero();
        q.shutDown();
    }

    @Test
    void controllerRetriesFailuresThenForgets() throws Exception {
        RateLimitingQueue<String> q = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        AtomicInteger calls = new AtomicInteger();
        List<String> synced = new CopyOnWriteArrayList<>();
        Controller c = new Controller("test", q, 2, key -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            synced.add(key);
        });
        c.run();
        q.add("ns/a");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (synced.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(synced).containsExactly("ns/a");
        assertThat(calls.get()).isEqualTo(3);
        assertThat(q.numRequeues("ns/a")).isZero();
        c.shutDown();
        assertThat(q.get()).isNull();
    }
}
