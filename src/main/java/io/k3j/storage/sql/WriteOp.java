package io.k3j.storage.sql;

import java.util.concurrent.CompletableFuture;

/** A request queued for the group committer; its future completes once the batch is durable. */
sealed interface WriteOp {

    CompletableFuture<Object> result();

    /** Create ({@code expected} < 0) or update ({@code expected} = the required modRevision). */
    record Put(String key, byte[] value, long expected, long lease, CompletableFuture<Object> result)
            implements WriteOp {
    }

    /** Delete; {@code expected} 0 means any live version. */
    record Delete(String key, long expected, CompletableFuture<Object> result) implements WriteOp {
    }

    /** Discard history in (lo, hi]. */
    record CompactChunk(long lo, long hi, CompletableFuture<Object> result) implements WriteOp {
    }
}
