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
        for (int i = 0; i < 4; i++) {
            permits.acquire();
        }
        assertThat(permits.inUse()).isEqualTo(4);
        permits.started();
        for (int i = 0; i < 3; i++) {
            permits.release();
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
        permits.acquire();
        CountDownLatch entered = new CountDownLatch(1);
        acquireInBackground(permits, entered);
        Thread.sleep(50);
        assertThat(entered.getCount()).isEqualTo(1);
        permits.release();
        await().until(() -> entered.getCount() == 0);
    }

    @Test
    void limitsMustMakeSense() {
        assertThatThrownBy(() -> new ComponentPermits(4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComponentPermits(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
