package io.k3j.agent;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node password an agent proves its node name with, kept as K3s keeps it: a random secret
 * written once to {@code /etc/rancher/node/password} (for root; the caller picks the path), mode
 * 0600, and sent with every kubelet certificate request. Losing it means the server refuses the
 * node name until its {@code <name>.node-password.k3s} secret is deleted. Stateless.
 */
public final class NodePasswordFile {

    private NodePasswordFile() {
    }

    /** The password in {@code file}, created with a new random one when missing or empty. */
    public static String ensure(Path file) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file).strip();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
        } catch (IOException e) {
            throw new JoinException("cannot read the node password file " + file + ": " + e.getMessage(), e);
        }
        String password = Token.randomSecret();
        try {
            KeyFiles.write(file, password + "\n", KeyFiles.SECRET);
        } catch (RuntimeException e) {
            throw new JoinException("cannot write the node password file " + file + ": " + e.getMessage(), e);
        }
        return password;
    }
}
