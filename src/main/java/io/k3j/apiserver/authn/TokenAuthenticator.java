package io.k3j.apiserver.authn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication against a fixed set of tokens (the server's {@code cred/passwd}
 * entries). A K3s full token ({@code K10<hash>::<user>:<password>}) is accepted by its
 * password. Comparison is constant-time. Tokens that are none of these go to the audience-aware
 * authenticator, if any (service account JWTs), for the API server's own audiences. Immutable and thread-safe.
 */
public final class TokenAuthenticator {

    /** A token and the identity it proves. */
    public record Entry(String token, UserInfo user) {
    }

    private final List<Entry> entries;
    private final AudienceAuthenticator audienceTokens;
    private final List<String> apiAudiences;

    public TokenAuthenticator(List<Entry> entries) {
        this(entries, null, List.of());
    }

    /** Also accepts the tokens {@code audienceTokens} proves valid for one of {@code apiAudiences}. */
    public TokenAuthenticator(List<Entry> entries, AudienceAuthenticator audienceTokens, List<String> apiAudiences) {
        this.entries = List.copyOf(entries);
        this.audienceTokens = audienceTokens;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    /** The audience-aware authenticator behind this one, if any. */
    public Optional<AudienceAuthenticator> audienceTokens() {
        return Optional.ofNullable(audienceTokens);
    }

    /** Authenticates the {@code Authorization} header value, if it is a known bearer token. */
    public Optional<UserInfo> authenticate(Map<String, String> headers) {
        String auth = headers.get("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = auth.substring(7).strip();
        Optional<UserInfo> fixed = authenticateStatic(token);
        if (fixed.isPresent() || audienceTokens == null || token.isEmpty()) {
            return fixed;
        }
        return audienceTokens.authenticate(token, apiAudiences).map(AudienceAuthenticator.Result::user);
    }

    /** The identity of one of the fixed tokens (audience-agnostic), if {@code token} is one. */
    public Optional<UserInfo> authenticateStatic(String token) {
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
