package io.k3j.apiserver.serviceaccount;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.endpoints.TokenRequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's TokenRequest REST storage: the audiences default to the API server's, the lifetime to an hour (at
 * least ten minutes, at most 2^32 seconds); a token bound to a Pod, Secret or Node needs that object to exist
 * (with the given UID, if any), a pod to run as the account, and a pod token names the pod's node too. A pod token
 * asking for upstream's 3607 seconds for the API audiences is silently extended to a year with a {@code warnafter}
 * at the requested expiry, as {@code --service-account-extend-token-expiration} does. Thread-safe.
 */
public final class TokenRequests implements TokenRequestHandler {

    static final long DEFAULT_EXPIRATION = 3600;
    static final long MIN_EXPIRATION = 600;
    static final long MAX_EXPIRATION = 1L << 32;
    static final long WARN_ONLY_EXPIRATION = 3607;
    static final long EXTENDED_EXPIRATION = 365L * 24 * 3600;
    private static final String GROUP = "authentication.k8s.io";

    private final TokenIssuer issuer;
    private final ObjectLookup objects;
    private final List<String> apiAudiences;
    private final Clock clock;

    public TokenRequests(TokenIssuer issuer, ObjectLookup objects, List<String> apiAudiences, Clock clock) {
        this.issuer = issuer;
        this.objects = objects;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.clock = clock;
    }

    @Override
    public ObjectNode create(String namespace, String name, ObjectNode request, boolean dryRun) {
        ObjectNode sa = objects.find("serviceaccounts", namespace, name);
        if (sa == null) {
            throw new ApiException(Status.notFound("", "serviceaccounts", name));
        }
        ObjectNode spec = request.get("spec") instanceof ObjectNode s ? s : request.putObject("spec");
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
        if (audiences.isEmpty()) {
            audiences.addAll(apiAudiences);
            ArrayNode aud = spec.putArray("audiences");
            audiences.forEach(aud::add);
        }
        JsonNode exp = spec.get("expirationSeconds");
        if (exp == null || exp.isNull()) {
            spec.put("expirationSeconds", DEFAULT_EXPIRATION);
        } else if (!exp.canConvertToLong()) {
            throw invalid(name, "Invalid value: " + Json.string(exp) + ": must be an integer");
        }
        long seconds = spec.path("expirationSeconds").asLong();
        if (seconds < MIN_EXPIRATION) {
            throw invalid(name, "Invalid value: " + seconds + ": may not specify a duration less than 10 minutes");
        }
        if (seconds > MAX_EXPIRATION) {
            throw invalid(name, "Invalid value: " + seconds + ": may not specify a duration larger than 2^32 seconds");
        }
        TokenIssuer.Ref pod = null;
        TokenIssuer.Ref secret = null;
        TokenIssuer.Ref node = null;
        JsonNode ref = spec.path("boundObjectRef");
        if (ref.isObject()) {
            String kind = ref.path("kind").asString("");
            String apiVersion = ref.path("apiVersion").asString("");
            String boundName = ref.path("name").asString("");
            if (!apiVersion.equals("v1") || !(kind.equals("Pod") || kind.equals("Secret") || kind.equals("Node"))) {
                throw new ApiException(Status.badRequest("cannot bind token to object of type "
                        + (apiVersion.isEmpty() ? "" : apiVersion + ", ") + "Kind=" + kind));
            }
            String resource = switch (kind) {
                case "Pod" -> "pods";
                case "Secret" -> "secrets";
                default -> "nodes";
            };
            ObjectNode bound = objects.find(resource, kind.equals("Node") ? null : namespace, boundName);
            if (bound == null) {
                throw new ApiException(Status.notFound("", resource, boundName));
            }
            String uid = ref.path("uid").asString("");
            if (!uid.isEmpty() && !uid.equals(Meta.uid(bound))) {
                throw new ApiException(Status.conflict("", kind, boundName, "the UID in the bound object reference ("
                        + uid + ") does not match the UID in record. The object might have been deleted and then"
                        + " recreated"));
            }
            TokenIssuer.Ref self = new TokenIssuer.Ref(boundName, Meta.uid(bound));
            switch (kind) {
                case "Pod" -> {
                    if (!name.equals(bound.path("spec").path("serviceAccountName").asString(""))) {
                        throw new ApiException(Status.badRequest("cannot bind token for serviceaccount \"" + name
                                + "\" to pod running with different serviceaccount name."));
                    }
                    pod = self;
                    String nodeName = bound.path("spec").path("nodeName").asString("");
                    ObjectNode n = nodeName.isEmpty() ? null : objects.find("nodes", null, nodeName);
                    if (n != null) {
                        node = new TokenIssuer.Ref(nodeName, Meta.uid(n));
                    }
                }
                case "Secret" -> secret = self;
                default -> node = self;
            }
        }
        long lifetime = seconds;
        Long warnAfter = null;
        if (pod != null && seconds == WARN_ONLY_EXPIRATION && apiAudiences.containsAll(audiences)) {
            lifetime = EXTENDED_EXPIRATION;
            warnAfter = seconds;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String token = issuer.bound(new TokenIssuer.Bound(namespace, new TokenIssuer.Ref(name, Meta.uid(sa)),
                audiences, now, lifetime, pod, secret, node, warnAfter));
        ObjectNode metadata = Json.object();
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("creationTimestamp", now.toString());
        request.set("metadata", metadata);
        ObjectNode status = request.putObject("status");
        status.put("token", token);
        status.put("expirationTimestamp", now.plusSeconds(seconds).toString());
        return request;
    }

    private static ApiException invalid(String name, String message) {
        return new ApiException(Status.invalid(GROUP, "TokenRequest", name,
                List.of(new Status.Cause("FieldValueInvalid", message, "spec.expirationSeconds"))));
    }
}
