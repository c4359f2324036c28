package io.k3j.storage.sql;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning of the SQL backend. {@code compactInterval} zero disables periodic compaction;
 * {@code compactRetain} revisions of history are kept behind the current one.
 */
public record SqlOptions(int maxBatch, int readConnections, Duration compactInterval,
                         long compactRetain, int compactChunk, int maxWatchBacklog, Clock clock) {

    /** K3s/kine-like defaults: compact every 5 minutes keeping 1,000 revisions. */
    public static SqlOptions defaults() {
        return new SqlOptions(1000, 4, Duration.ofMinutes(5), 1000, 1000, 100_000, Clock.systemUTC());
    }

    public SqlOptions withCompaction(Duration interval, long retain) {
        return new SqlOptions(maxBatch, readConnections, interval, retain, compactChunk, maxWatchBacklog, clock);
    }
}
