package io.k3j.apiserver.authn;

import java.util.Optional;

/**
 * The user of the request being handled, bound by the resource handler for the duration of a
 * request (as upstream carries it in the request context) so that steps far below it, such as
 * admission plugins, can see who is writing.
 */
public final class RequestUser {

    /** Bound while a resource request is handled. */
    public static final ScopedValue<UserInfo> CURRENT = ScopedValue.newInstance();

    private RequestUser() {
    }

    /** The requesting user, or empty outside a request (the server's own start-up writes). */
    public static Optional<UserInfo> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }
}
