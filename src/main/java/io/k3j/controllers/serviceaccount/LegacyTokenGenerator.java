package io.k3j.controllers.serviceaccount;

/** Signs the legacy (secret-based) token of a service account, as kube-controller-manager's private key does. */
@FunctionalInterface
public interface LegacyTokenGenerator {

    String generate(String namespace, String serviceAccount, String serviceAccountUid, String secretName);
}
