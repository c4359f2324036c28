package io.k3j.storage.sql;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child-process writer for {@link CrashRecoveryTest}: writes 1 KiB creates from several threads
 * forever and prints {@code ACK key revision} for each acknowledged write.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        SqlBackend backend = SqlBackend.open(SqliteDialect.open(file), SqlOptions.defaults());
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        byte[] value = new byte[1024];
        AtomicInteger seq = new AtomicInteger();
        Object lock = new Object();
        for (int w = 0; w < writers; w++) {
            Thread.ofPlatform().start(() -> {
                while (true) {
                    String key = "/crash/" + seq.incrementAndGet();
                    long rev = backend.create(key, value, 0);
                    synchronized (lock) {
                        out.println("ACK " + key + " " + rev);
                        out.flush();
                    }
                }
            });
        }
        synchronized (lock) {
            out.println("READY");
            out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
