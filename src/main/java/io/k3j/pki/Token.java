package io.k3j.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A K3s join token. Full form {@code K10<sha256 hex of the CA bundle>::<username>:<password>};
 * short form {@code <password>} (or {@code <username>:<password>}); bootstrap form
 * {@code [a-z0-9]{6}.[a-z0-9]{16}}, used as a password. Immutable.
 */
public record Token(String caHash, String username, String password) {

    /** The full-token prefix (token format version 1, hash type sha256). */
    public static final String PREFIX = "K10";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BOOTSTRAP = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Parses any accepted form; {@code defaultUser} names the user when the token has none
     * ("server" for server tokens, "node" for agent tokens).
     */
    public static Token parse(String text, String defaultUser) {
        if (text == null || text.isBlank()) {
            throw new PkiException("token is empty");
        }
        String t = text.strip();
        if (t.chars().anyMatch(Character::isWhitespace)) {
            throw new PkiException("token must not contain whitespace");
        }
        if (t.contains("::") || t.startsWith(PREFIX)) {
            if (!t.startsWith(PREFIX)) {
                throw new PkiException("malformed token: a full token starts with " + PREFIX);
            }
            int sep = t.indexOf("::");
            if (sep < 0) {
                throw new PkiException("malformed token: missing '::' after the CA hash");
            }
            String hash = t.substring(PREFIX.length(), sep);
            if (!HASH.matcher(hash).matches()) {
                throw new PkiException("malformed token: the CA hash must be 64 lowercase hex characters, got "
                        + hash.length() + " characters");
            }
            String creds = t.substring(sep + 2);
            int colon = creds.indexOf(':');
            if (colon <= 0 || colon == creds.length() - 1) {
                throw new PkiException("malformed token: expected <username>:<password> after '::'");
            }
            return new Token(hash, creds.substring(0, colon), creds.substring(colon + 1));
        }
        int colon = t.indexOf(':');
        if (colon > 0 && colon < t.length() - 1 && !BOOTSTRAP.matcher(t).matches()) {
            return new Token(null, t.substring(0, colon), t.substring(colon + 1));
        }
        if (colon >= 0) {
            throw new PkiException("malformed token: empty username or password");
        }
        return new Token(null, defaultUser, t);
    }

    /** True if {@code text} is a bootstrap-format token. */
    public static boolean isBootstrap(String text) {
        return BOOTSTRAP.matcher(text).matches();
    }

    /** A new random bootstrap-format token, as {@code k3s token generate} prints. */
    public static String generateBootstrap() {
        return randomString(6) + "." + randomString(16);
    }

    /** A new random secret for a server token (32 hex characters). */
    public static String randomSecret() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The sha256 hex of a CA bundle, as embedded in full tokens. */
    public static String caHash(String caBundlePem) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(caBundlePem.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same credentials bound to a CA bundle. */
    public Token withCa(String caBundlePem) {
        return new Token(caHash(caBundlePem), username, password);
    }

    /** True when this token carries no CA hash or the hash matches {@code caBundlePem}. */
    public boolean trusts(String caBundlePem) {
        return caHash == null || caHash.equals(caHash(caBundlePem));
    }

    /** The full form; requires a CA hash. */
    public String full() {
        if (caHash == null) {
            throw new IllegalStateException("token has no CA hash");
        }
        return PREFIX + caHash + "::" + username + ":" + password;
    }

    private static String randomString(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Token[user=" + username + ", caHash=" + (caHash == null ? "none" : caHash.substring(0, 8)) + "…]";
    }
}
