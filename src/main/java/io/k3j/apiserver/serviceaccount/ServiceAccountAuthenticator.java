package io.k3j.apiserver.serviceaccount;

import io.k3j.api.Meta;
import io.k3j.apiserver.authn.AudienceAuthenticator;
import io.k3j.apiserver.authn.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Authenticates service account JWTs as upstream's service account authenticator. A bound token must carry a valid
 * signature and one of the accepted issuers, not be expired (a minute's leeway), be meant for one of the audiences
 * asked for, and still name live objects: the account, and the pod, secret or node it is bound to, each with the
 * UID in the token. A legacy token must be the {@code data.token} of its still existing Secret, whose account
 * still exists with the same UID. The user is {@code system:serviceaccount:<ns>:<name>} in the groups
 * {@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>} and {@code system:authenticated}. Thread-safe.
 */
public final class ServiceAccountAuthenticator implements AudienceAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountAuthenticator.class);
    private static final long LEEWAY_SECONDS = 60;
    public static final String POD_NAME = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    private final Set<String> issuers;
    private final SigningKeys keys;
    private final ObjectLookup objects;
    private final List<String> apiAudiences;
    private final Clock clock;

    /**
     * Accepts bound tokens of {@code issuers} and legacy tokens verified by {@code keys}; legacy tokens are valid for
     * the {@code apiAudiences}.
     */
    public ServiceAccountAuthenticator(Set<String> issuers, SigningKeys keys, ObjectLookup objects,
                                       List<String> apiAudiences, Clock clock) {
        this.issuers = Set.copyOf(issuers);
        this.keys = keys;
        this.objects = objects;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.clock = clock;
    }

    @Override
    public Optional<Result> authenticate(String token, List<String> audiences) {
        try {
            String iss = Jws.unverifiedClaims(token).path("iss").asString("");
            if (iss.equals(TokenIssuer.LEGACY_ISSUER)) {
                return legacy(token, Jws.verify(token, keys.verificationKeys()), audiences);
            }
            if (issuers.contains(iss)) {
                return bound(Jws.verify(token, keys.verificationKeys()), audiences);
            }
            return Optional.empty();
        } catch (Jws.InvalidTokenException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.debug("service account token rejected: {}", e.toString());
            return Optional.empty();
        }
    }

    private Optional<Result> bound(ObjectNode claims, List<String> audiences) {
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber() || now > exp.asLong() + LEEWAY_SECONDS) {
            return Optional.empty();
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.isNumber() && now + LEEWAY_SECONDS < nbf.asLong()) {
            return Optional.empty();
        }
        List<String> tokenAudiences = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isString()) {
            tokenAudiences.add(aud.asString());
        } else {
            aud.forEach(a -> tokenAudiences.add(a.asString("")));
        }
        List<String> valid = audiences.stream().filter(tokenAudiences::contains).distinct().toList();
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        JsonNode k8s = claims.path(TokenIssuer.CLAIM);
        String namespace = k8s.path("namespace").asString("");
        String saName = k8s.path("serviceaccount").path("name").asString("");
        String saUid = k8s.path("serviceaccount").path("uid").asString("");
        if (namespace.isEmpty() || saName.isEmpty()
                || !claims.path("sub").asString("").equals(TokenIssuer.subject(namespace, saName))) {
            return Optional.empty();
        }
        if (!live("serviceaccounts", namespace, saName, saUid)) {
            return Optional.empty();
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        JsonNode pod = k8s.path("pod");
        if (pod.isObject()) {
            if (!live("pods", namespace, pod.path("name").asString(""), pod.path("uid").asString(""))) {
                return Optional.empty();
            }
            extra.put(POD_NAME, List.of(pod.path("name").asString("")));
            extra.put(POD_UID, List.of(pod.path("uid").asString("")));
        }
        JsonNode secret = k8s.path("secret");
        if (secret.isObject()
                && !live("secrets", namespace, secret.path("name").asString(""), secret.path("uid").asString(""))) {
            return Optional.empty();
        }
        JsonNode node = k8s.path("node");
        if (node.isObject()) {
            if (!pod.isObject() && !live("nodes", null, node.path("name").asString(""),
                    node.path("uid").asString(""))) {
                return Optional.empty();
            }
            extra.put(NODE_NAME, List.of(node.path("name").asString("")));
            extra.put(NODE_UID, List.of(node.path("uid").asString("")));
        }
        String jti = claims.path("jti").asString("");
        if (!jti.isEmpty()) {
            extra.put(CREDENTIAL_ID, List.of("JTI=" + jti));
        }
        return Optional.of(new Result(user(namespace, saName, saUid, extra), valid));
    }

    private Optional<Result> legacy(String token, ObjectNode claims, List<String> audiences) {
        List<String> valid = audiences.stream().filter(apiAudiences::contains).distinct().toList();
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        String namespace = claims.path(TokenIssuer.LEGACY_PREFIX + "namespace").asString("");
        String secretName = claims.path(TokenIssuer.LEGACY_PREFIX + "secret.name").asString("");
        String saName = claims.path(TokenIssuer.LEGACY_PREFIX + "service-account.name").asString("");
        String saUid = claims.path(TokenIssuer.LEGACY_PREFIX + "service-account.uid").asString("");
        if (namespace.isEmpty() || secretName.isEmpty() || saName.isEmpty() || saUid.isEmpty()
                || !claims.path("sub").asString("").equals(TokenIssuer.subject(namespace, saName))) {
            return Optional.empty();
        }
        ObjectNode secret = objects.find("secrets", namespace, secretName);
        if (secret == null || !secret.path("metadata").path("uid").isString() || deleted("secrets", secret)) {
            return Optional.empty();
        }
        String stored = secret.path("data").path("token").asString("");
        byte[] storedToken;
        try {
            storedToken = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(storedToken, token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        if (!live("serviceaccounts", namespace, saName, saUid)) {
            return Optional.empty();
        }
        return Optional.of(new Result(user(namespace, saName, saUid, Map.of()), valid));
    }

    /**
     * Whether the object exists with {@code uid}; an account being deleted no longer counts, other objects once
     * their deletion began more than a minute ago (as upstream, which lets a pod's token outlive its grace start).
     */
    private boolean live(String resource, String namespace, String name, String uid) {
        if (name.isEmpty() || uid.isEmpty()) {
            return false;
        }
        ObjectNode o = objects.find(resource, namespace, name);
        return o != null && uid.equals(Meta.uid(o)) && !deleted(resource, o);
    }

    private boolean deleted(String resource, ObjectNode o) {
        String since = o.path("metadata").path("deletionTimestamp").asString("");
        if (since.isEmpty()) {
            return false;
        }
        if (resource.equals("serviceaccounts")) {
            return true;
        }
        try {
            return java.time.Instant.parse(since).isBefore(clock.instant().minusSeconds(LEEWAY_SECONDS));
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private static UserInfo user(String namespace, String name, String uid, Map<String, List<String>> extra) {
        return new UserInfo(TokenIssuer.subject(namespace, name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, UserInfo.ALL_AUTHENTICATED),
                uid, extra);
    }
}
