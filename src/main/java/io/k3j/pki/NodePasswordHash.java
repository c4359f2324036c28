package io.k3j.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The scrypt hash K3s keeps of a node's password in its {@code <node>.node-password.k3s} secret:
 * {@code $1:<salt hex>:<log2 N>:<r>:<p>:<key, unpadded base64>}, by default an 8-byte salt,
 * N = 2^15, r = 8, p = 1 and a 64-byte key (about 32 MB and a tenth of a second per hash).
 * Stateless and thread-safe.
 */
public final class NodePasswordHash {

    /** The hash format version K3s writes. */
    public static final int VERSION = 1;

    private static final int LOG2_N = 15;
    private static final int R = 8;
    private static final int P = 1;
    private static final int KEY_LENGTH = 64;
    private static final int SALT_LENGTH = 8;
    private static final int MAX_LOG2_N = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodePasswordHash() {
    }

    /** A new hash of {@code password} with a fresh salt. */
    public static String create(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        byte[] key = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, 1 << LOG2_N, R, P, KEY_LENGTH);
        return "$" + VERSION + ":" + HexFormat.of().formatHex(salt) + ":" + LOG2_N + ":" + R + ":" + P + ":"
                + Base64.getEncoder().withoutPadding().encodeToString(key);
    }

    /**
     * Whether {@code password} matches {@code hash}; false for a hash that does not parse, has another
     * version or asks for more work than this server is willing to do. Constant-time in the key comparison.
     */
    public static boolean verify(String hash, String password) {
        if (hash == null || password == null || !hash.startsWith("$")) {
            return false;
        }
        String[] parts = hash.strip().substring(1).split(":", -1);
        if (parts.length != 6) {
            return false;
        }
        try {
            if (Integer.parseInt(parts[0]) != VERSION) {
                return false;
            }
            byte[] salt = HexFormat.of().parseHex(parts[1]);
            int log2n = Integer.parseInt(parts[2]);
            int r = Integer.parseInt(parts[3]);
            int p = Integer.parseInt(parts[4]);
            byte[] expected = Base64.getDecoder().decode(parts[5]);
            if (log2n < 1 || log2n > MAX_LOG2_N || r < 1 || r > 32 || p < 1 || p > 16 || expected.length == 0
                    || expected.length > 1024) {
                return false;
            }
            byte[] actual = SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt, 1 << log2n, r, p,
                    expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
