package io.k3j.apiserver.authn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication against a fixed set of tokens (the server's {@code cred/passwd}
 * entries). A K3s full token ({@code K10<hash>::<user>:<password>}) is accepted by its
 * password. Comparison is constant-time. Immutable and thread-safe.
 */
public final class TokenAuthenticator {

    /** A token and the identity it proves. */
    public record Entry(String token, UserInfo user) {
    }

    private final List<Entry> entries;

    public TokenAuthenticator(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Authenticates the {@code Authorization} header value, if it is a known bearer token. */
    public Optional<UserInfo> authenticate(Map<String, String> headers) {
        String auth = headers.get("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = auth.substring(7).strip();
        int creds = token.startsWith("K10") ? token.indexOf("::") : -1;
        if (creds >= 0) {
            int colon = token.indexOf(':', creds + 2);
            token = colon >= 0 ? token.substring(colon + 1) : token;
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        for (Entry e : entries) {
            if (MessageDigest.isEqual(given, e.token().getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(e.user());
            }
        }
        return Optional.empty();
    }
}
