package io.k3j.storage;

import java.util.function.Supplier;

/**
 * What a thread does while a write of its waits for the datastore to make it durable. A caller
 * that holds a share of a limited resource for CPU work (the server's components hold request
 * permits) binds a {@link Hook} with {@link ScopedValue#where} and can give its share back for the
 * wait, which costs no CPU.
 */
public final class CommitWait {

    /** Told when the current thread starts and stops waiting for a commit. */
    public interface Hook {
        void waiting();

        void resumed();
    }

    public static final ScopedValue<Hook> HOOK = ScopedValue.newInstance();

    private CommitWait() {
    }

    /** Runs {@code wait} between the bound hook's {@code waiting} and {@code resumed}. */
    public static <T> T await(Supplier<T> wait) {
        if (!HOOK.isBound()) {
            return wait.get();
        }
        Hook hook = HOOK.get();
        hook.waiting();
        try {
            return wait.get();
        } finally {
            hook.resumed();
        }
    }
}
