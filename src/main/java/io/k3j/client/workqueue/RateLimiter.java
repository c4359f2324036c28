package io.k3j.client.workqueue;

import java.time.Duration;

/**
 * Decides how long an item waits before it is retried (upstream's workqueue.RateLimiter).
 * Implementations are thread-safe.
 */
public interface RateLimiter<T> {

    /** The delay before the next retry of {@code item}; counts a failure. */
    Duration when(T item);

    /** Clears {@code item}'s failure history (after it succeeded). */
    void forget(T item);

    /** How many failures {@code item} has had since it was last forgotten. */
    int numRequeues(T item);

    /** Upstream's default per-item backoff for controllers: 5 ms doubling to 1000 s. */
    static <T> RateLimiter<T> defaultControllerRateLimiter() {
        return new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
    }
}
