package io.k3j.storage.sql;

import io.k3j.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite in WAL mode with {@code synchronous=FULL}: a commit returns only after the WAL is
 * fsync'd. One server process owns the file at a time, enforced with a lock file beside it.
 */
public final class SqliteDialect implements Dialect {

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SqliteDialect(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Prepares {@code file}'s directory and takes the process lock; fails with a clear
     * {@link StorageException} when the directory is unusable or another process holds it.
     */
    public static SqliteDialect open(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create datastore directory " + dir + ": " + describe(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StorageException("datastore directory " + dir + " is not writable");
        }
        if (!Files.exists(file)) {
            try {
                // SQLite gives the -wal and -shm files the database file's mode: keep all private
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (IOException e) {
                throw new StorageException("cannot create datastore " + file + ": " + describe(e), e);
            }
        }
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot open datastore lock " + lockFile + ": " + describe(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StorageException("datastore " + file + " is in use by another k3s server process"
                    + " (lock " + lockFile + " is held); stop it or use another --data-dir");
        }
        return new SqliteDialect(file, channel, lock);
    }

    @Override
    public String describe() {
        return "sqlite " + file;
    }

    @Override
    public Connection connect(boolean writer) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(30_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection conn = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (!writer) {
            try (java.sql.Statement st = conn.createStatement()) {
                st.execute("PRAGMA query_only = 1");
            }
        }
        return conn;
    }

    @Override
    public List<String> schema() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS kv ("
                        + "id INTEGER PRIMARY KEY, name TEXT NOT NULL, created INTEGER NOT NULL,"
                        + " deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL,"
                        + " prev_revision INTEGER NOT NULL, lease INTEGER NOT NULL, value BLOB)",
                "CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)",
                "CREATE TABLE IF NOT EXISTS kv_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    }

    @Override
    public StorageException translate(String action, SQLException error) {
        String what = "datastore " + file + ": " + action + " failed: ";
        if (error instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            String name = code == null ? "" : code.name();
            if (name.startsWith("SQLITE_FULL")) {
                return new StorageException(what + "disk is full", error);
            }
            if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
                return new StorageException(what + "the database file is corrupt or not an SQLite"
                        + " database", error);
            }
            if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                return new StorageException(what + "the database is locked by another process", error);
            }
            if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN")
                    || name.startsWith("SQLITE_PERM")) {
                return new StorageException(what + "cannot open the database for writing", error);
            }
            if (name.startsWith("SQLITE_IOERR")) {
                return new StorageException(what + "I/O error (" + name + ")", error);
            }
        }
        return new StorageException(what + error.getMessage(), error);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        closeQuietly(lockChannel);
    }

    private static String describe(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
