package io.k3j.controllers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many creations and deletions a controller still waits to see in its informer for each
 * owner key, so that it does not act twice on a stale cache (upstream's ControllerExpectations).
 * Expectations older than five minutes count as satisfied, in case an event was missed.
 */
public final class Expectations {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Counts(long adds, long dels, Instant at) {
    }

    private final ConcurrentHashMap<String, Counts> counts = new ConcurrentHashMap<>();
    private final Clock clock;

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** Whether the controller may sync {@code key}: nothing outstanding, expired, or never set. */
    public boolean satisfied(String key) {
        Counts c = counts.get(key);
        return c == null || (c.adds() <= 0 && c.dels() <= 0) || c.at().plus(TTL).isBefore(clock.instant());
    }

    public void expectCreations(String key, int n) {
        counts.put(key, new Counts(n, 0, clock.instant()));
    }

    public void expectDeletions(String key, int n) {
        counts.put(key, new Counts(0, n, clock.instant()));
    }

    public void creationObserved(String key) {
        counts.computeIfPresent(key, (k, c) -> new Counts(c.adds() - 1, c.dels(), c.at()));
    }

    public void deletionObserved(String key) {
        counts.computeIfPresent(key, (k, c) -> new Counts(c.adds(), c.dels() - 1, c.at()));
    }

    public void delete(String key) {
        counts.remove(key);
    }
}
