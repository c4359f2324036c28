package io.k3j.apiserver.authn;

import java.util.List;
import java.util.Optional;

/**
 * A bearer-token authenticator whose tokens name the audiences they are meant for (upstream's audience-aware token
 * authenticators, e.g. service account JWTs). Implementations are thread-safe.
 */
public interface AudienceAuthenticator {

    /** The identity a token proves and the audiences (of those asked for) it is valid for. */
    record Result(UserInfo user, List<String> audiences) {
    }

    /**
     * Authenticates {@code token} for one of {@code audiences}; empty when the token is not one of this
     * authenticator's, is invalid, or is meant for none of them.
     */
    Optional<Result> authenticate(String token, List<String> audiences);
}
