package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ComponentPermitsTest {

    /** Acquires a permit on a virtual thread, counting {@code entered} down once it has one. */
    private static Thread acquireInBackground(ComponentPermits permits, CountDownLatch entered) {
        return Thread.ofVirtual().start(() -> {
            try {
                permits.acquire();
                entered.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void componentsBorrowUpToTheLargerLimitOnlyWhileNoRemoteRequestIsHandled() throws Exception {
        ComponentPermits permits = new ComponentPermits(2, 4);
        java.util.List<ComponentPermits.Permit> held = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(permits.acquire());
        }
        assertThat(permits.inUse()).isEqualTo(4);
        permits.started();
        for (int i = 0; i < 3; i++) {
            held.get(i).close();
        }
        permits.acquire();
        assertThat(permits.inUse()).as("within the guaranteed share").isEqualTo(2);
        CountDownLatch entered = new CountDownLatch(1);
        Thread waiting = acquireInBackground(permits, entered);
        Thread.sleep(100);
        assertThat(entered.getCount()).as("held back while a remote request is handled").isEqualTo(1);
        permits.finished();
        await().until(() -> entered.getCount() == 0);
        assertThat(permits.inUse()).isEqualTo(3);
        waiting.join();
    }

    @Test
    void aReleaseLetsTheNextComponentRequestIn() throws Exception {
        ComponentPermits permits = new ComponentPermits(1, 1);
        ComponentPermits.Permit permit = permits.acquire();
        CountDownLatch entered = new CountDownLatch(1);
        acquireInBackground(permits, entered);
        Thread.sleep(50);
        assertThat(entered.getCount()).isEqualTo(1);
        permit.close();
        await().until(() -> entered.getCount() == 0);
        permit.close();
        assertThat(permits.inUse()).as("closing twice gives back one permit").isEqualTo(1);
    }

    @Test
    void aPermitIsGivenBackWhileItsRequestWaitsForACommitAndRetakenWithoutWaiting() throws Exception {
        ComponentPermits permits = new ComponentPermits(1, 1);
        ComponentPermits.Permit permit = permits.acquire();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch committed = new CountDownLatch(1);
        Thread other = Thread.ofVirtual().start(() -> {
            try (ComponentPermits.Permit p = permits.acquire()) {
                entered.countDown();
                committed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String result = ScopedValue.where(io.k3j.storage.CommitWait.HOOK, permit).call(() ->
                io.k3j.storage.CommitWait.await(() -> {
                    try {
                        assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS))
                                .as("another request entered during the wait").isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    return "durable";
                }));
        assertThat(result).isEqualTo("durable");
        assertThat(permits.inUse()).as("retaken past the limit rather than queued").isEqualTo(2);
        committed.countDown();
        other.join();
        permit.close();
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void limitsMustMakeSense() {
        assertThatThrownBy(() -> new ComponentPermits(4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentPermits(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
