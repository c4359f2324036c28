package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files atomically with explicit permissions (0600 for secrets). Stateless. */
public final class KeyFiles {

    public static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFiles() {
    }

    /** Writes {@code content} to {@code file} via a temporary file and a rename, with {@code mode}. */
    public static void write(Path file, String content, Set<PosixFilePermission> mode) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
