package io.k3j.apiserver.authz;

/** Decides whether a request is allowed. Implementations are thread-safe. */
public interface Authorizer {

    boolean allowed(Attributes attributes);
}
