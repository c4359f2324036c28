package io.k3j.server;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.PkiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/** Writes the admin kubeconfig K3s users expect (cluster, context and user all named "default"). */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static String render(String server, String caPem, String certPem, String keyPem) {
        Base64.Encoder b64 = Base64.getEncoder();
        return """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: %s
                  name: default
                contexts:
                - context:
                    cluster: default
                    user: default
                  name: default
                current-context: default
                kind: Config
                preferences: {}
                users:
                - name: default
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(
                b64.encodeToString(caPem.getBytes(StandardCharsets.UTF_8)), server,
                b64.encodeToString(certPem.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(keyPem.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path file, String content, String mode) {
        KeyFiles.write(file, content, mode == null || mode.isBlank() ? KeyFiles.SECRET : parseMode(mode));
    }

    /** Parses an octal file mode such as "644" or "0640". */
    public static Set<PosixFilePermission> parseMode(String mode) {
        int bits;
        try {
            bits = Integer.parseInt(mode.strip(), 8);
        } catch (NumberFormatException e) {
            throw new PkiException("invalid --write-kubeconfig-mode '" + mode + "': expected an octal mode like 0644");
        }
        if (bits < 0 || bits > 0777) {
            throw new PkiException("invalid --write-kubeconfig-mode '" + mode + "': expected an octal mode like 0644");
        }
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
