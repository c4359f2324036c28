package io.k3j.storage;

/** The requested revision is older than the compaction point; its history is gone. */
public class CompactedException extends StorageException {

    private final long requested;
    private final long compactRevision;

    public CompactedException(long requested, long compactRevision) {
        super("revision " + requested + " has been compacted (compact revision " + compactRevision + ")");
        this.requested = requested;
        this.compactRevision = compactRevision;
    }

    public long requested() {
        return requested;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
