package io.k3j.apiserver.serviceaccount;

import io.k3j.api.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issues service account JWTs as upstream's token generator: bound tokens (issuer, audiences, expiry, a
 * {@code jti}, and the {@code kubernetes.io} claim naming the account and the objects the token is bound to) and
 * legacy secret-based tokens (the {@value #LEGACY_ISSUER} issuer, no expiry or audience). Thread-safe.
 */
public final class TokenIssuer {

    public static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
    static final String CLAIM = "kubernetes.io";
    static final String LEGACY_PREFIX = "kubernetes.io/serviceaccount/";

    /** A named object with its UID, as the {@code kubernetes.io} claim refers to one. */
    public record Ref(String name, String uid) {
    }

    /** What a bound token says: account, audiences, lifetime, and the objects (null when absent) it is bound to. */
    public record Bound(String namespace, Ref serviceAccount, List<String> audiences, Instant issuedAt,
                        long expirationSeconds, Ref pod, Ref secret, Ref node, Long warnAfterSeconds) {
    }

    private final String issuer;
    private final SigningKeys keys;

    public TokenIssuer(String issuer, SigningKeys keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    public String issuer() {
        return issuer;
    }

    public SigningKeys keys() {
        return keys;
    }

    /** A signed bound token. */
    public String bound(Bound b) {
        long iat = b.issuedAt().getEpochSecond();
        ObjectNode claims = Json.object();
        ArrayNode aud = claims.putArray("aud");
        b.audiences().forEach(aud::add);
        claims.put("exp", iat + b.expirationSeconds());
        claims.put("iat", iat);
        claims.put("iss", issuer);
        claims.put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = claims.putObject(CLAIM);
        k8s.put("namespace", b.namespace());
        if (b.node() != null) {
            ref(k8s, "node", b.node());
        }
        if (b.pod() != null) {
            ref(k8s, "pod", b.pod());
        }
        if (b.secret() != null) {
            ref(k8s, "secret", b.secret());
        }
        ref(k8s, "serviceaccount", b.serviceAccount());
        if (b.warnAfterSeconds() != null) {
            k8s.put("warnafter", iat + b.warnAfterSeconds());
        }
        claims.put("nbf", iat);
        claims.put("sub", subject(b.namespace(), b.serviceAccount().name()));
        return Jws.sign(claims, keys.signingKey(), keys.keyId());
    }

    /** A signed legacy token for the account's token Secret {@code secretName}. */
    public String legacy(String namespace, Ref serviceAccount, String secretName) {
        ObjectNode claims = Json.object();
        claims.put("iss", LEGACY_ISSUER);
        claims.put(LEGACY_PREFIX + "namespace", namespace);
        claims.put(LEGACY_PREFIX + "secret.name", secretName);
        claims.put(LEGACY_PREFIX + "service-account.name", serviceAccount.name());
        claims.put(LEGACY_PREFIX + "service-account.uid", serviceAccount.uid());
        claims.put("sub", subject(namespace, serviceAccount.name()));
        return Jws.sign(claims, keys.signingKey(), keys.keyId());
    }

    /** The user name of a service account: {@code system:serviceaccount:<namespace>:<name>}. */
    public static String subject(String namespace, String name) {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    private static void ref(ObjectNode parent, String field, Ref ref) {
        parent.putObject(field).put("name", ref.name()).put("uid", ref.uid());
    }
}
