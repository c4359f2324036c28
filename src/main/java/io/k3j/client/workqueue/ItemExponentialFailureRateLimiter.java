package io.k3j.client.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-item exponential backoff: {@code base * 2^failures}, capped at {@code max}. Thread-safe.
 */
public final class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {

    private final long baseNanos;
    private final long maxNanos;
    private final Map<T, Integer> failures = new HashMap<>();

    public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public synchronized Duration when(T item) {
        int exp = failures.merge(item, 1, Integer::sum) - 1;
        if (exp >= 62) {
            return Duration.ofNanos(maxNanos);
        }
        double backoff = baseNanos * Math.pow(2, exp);
        return Duration.ofNanos(backoff > maxNanos ? maxNanos : (long) backoff);
    }

    @Override
    public synchronized void forget(T item) {
        failures.remove(item);
    }

    @Override
    public synchronized int numRequeues(T item) {
        return failures.getOrDefault(item, 0);
    }
}
