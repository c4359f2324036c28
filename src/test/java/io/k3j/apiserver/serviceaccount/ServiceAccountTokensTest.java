package io.k3j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.apiserver.authn.AudienceAuthenticator;
import io.k3j.pki.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Service account JWTs: signing, verification, binding checks, TokenRequest defaults and validation. */
class ServiceAccountTokensTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final List<String> API = List.of(ISSUER, "k3s");
    private static final SigningKeys RSA = SigningKeys.of(SigningKeys.newRsaKey());

    private final Map<String, ObjectNode> objects = new HashMap<>();
    private final ObjectLookup lookup = (resource, ns, name) -> objects.get(resource + "/" + ns + "/" + name);
    private Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private ObjectNode put(String resource, String ns, String name, String uid) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("name", name).put("uid", uid);
        if (ns != null) {
            ((ObjectNode) o.get("metadata")).put("namespace", ns);
        }
        objects.put(resource + "/" + ns + "/" + name, o);
        return o;
    }

    private ServiceAccountAuthenticator authenticator(SigningKeys keys) {
        Clock now = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }
        };
        return new ServiceAccountAuthenticator(Set.of(ISSUER), keys, lookup, API, now);
    }

    private ServiceAccountAuthenticator authenticator() {
        return authenticator(RSA);
    }

    private TokenRequests requests(SigningKeys keys) {
        return new TokenRequests(new TokenIssuer(ISSUER, keys), lookup, API, clock);
    }

    private String token(ObjectNode spec) {
        ObjectNode req = Json.object();
        req.set("spec", spec);
        return requests(RSA).create("ns1", "builder", req, false).path("status").path("token").asString();
    }

    @Test
    void boundTokenCarriesUpstreamClaimsAndAuthenticatesTheAccount() throws Exception {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        ObjectNode req = Json.object();
        ObjectNode answer = requests(RSA).create("ns1", "builder", req, false);
        assertThat(answer.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(Json.string(answer.path("spec").path("audiences"))).isEqualTo("[\"" + ISSUER + "\",\"k3s\"]");
        assertThat(answer.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-01-01T01:00:00Z");
        String token = answer.path("status").path("token").asString();
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"RS256\"").contains("\"kid\":\"" + RSA.keyId() + "\"");
        ObjectNode claims = Jws.verify(token, RSA.verificationKeys());
        assertThat(claims.path("iss").asString()).isEqualTo(ISSUER);
        assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:ns1:builder");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
        assertThat(claims.path("nbf").asLong()).isEqualTo(claims.path("iat").asLong());
        assertThat(claims.path("jti").asString()).hasSize(36);
        assertThat(claims.path("kubernetes.io").path("serviceaccount").path("uid").asString()).isEqualTo("sa-uid");

        Optional<AudienceAuthenticator.Result> r = authenticator().authenticate(token, API);
        assertThat(r).isPresent();
        assertThat(r.get().user().name()).isEqualTo("system:serviceaccount:ns1:builder");
        assertThat(r.get().user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns1",
                "system:authenticated");
        assertThat(r.get().user().uid()).isEqualTo("sa-uid");
        assertThat(r.get().user().extra().get(ServiceAccountAuthenticator.CREDENTIAL_ID))
                .containsExactly("JTI=" + claims.path("jti").asString());
        assertThat(r.get().audiences()).containsExactlyElementsOf(API);
    }

    @Test
    void tamperedOrForeignSignedTokensAreRejected() {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        String token = token(Json.object());
        String[] parts = token.split("\\.");
        ObjectNode claims = (ObjectNode) Json.parse(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("sub", "system:serviceaccount:ns1:admin");
        String tampered = parts[0] + "." + Jws.encode(Json.bytes(claims)) + "." + parts[2];
        assertThat(authenticator().authenticate(tampered, API)).isEmpty();
        assertThat(authenticator().authenticate(parts[0] + "." + parts[1] + ".AAAA", API)).isEmpty();
        assertThat(authenticator().authenticate("not.a-jwt", API)).isEmpty();
        assertThat(authenticator().authenticate("x.y.z", API)).isEmpty();
        assertThat(authenticator(SigningKeys.of(SigningKeys.newRsaKey())).authenticate(token, API)).isEmpty();
        String none = Jws.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".x";
        assertThat(authenticator().authenticate(none, API)).isEmpty();
    }

    @Test
    void expiredTokensAndOtherAudiencesAreRejected() {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        String token = token(Json.object().put("expirationSeconds", 600));
        clock = Clock.offset(clock, Duration.ofSeconds(600 + 30));
        assertThat(authenticator().authenticate(token, API)).as("within the leeway").isPresent();
        clock = Clock.offset(clock, Duration.ofSeconds(60));
        assertThat(authenticator().authenticate(token, API)).isEmpty();

        clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ObjectNode spec = Json.object();
        spec.putArray("audiences").add("vault");
        String vault = token(spec);
        assertThat(authenticator().authenticate(vault, API)).isEmpty();
        assertThat(authenticator().authenticate(vault, List.of("vault", "other")).orElseThrow().audiences())
                .containsExactly("vault");
        assertThat(authenticator().authenticate(token, List.of("vault"))).isEmpty();
    }

    @Test
    void tokensFollowTheLifeOfTheirAccountAndBoundPod() {
        ObjectNode sa = put("serviceaccounts", "ns1", "builder", "sa-uid");
        ObjectNode pod = put("pods", "ns1", "web", "pod-uid");
        pod.putObject("spec").put("serviceAccountName", "builder").put("nodeName", "n1");
        put("nodes", null, "n1", "node-uid");
        ObjectNode spec = Json.object();
        spec.putObject("boundObjectRef").put("kind", "Pod").put("apiVersion", "v1").put("name", "web");
        String token = token(spec);
        AudienceAuthenticator.Result r = authenticator().authenticate(token, API).orElseThrow();
        assertThat(r.user().extra()).containsEntry(ServiceAccountAuthenticator.POD_NAME, List.of("web"))
                .containsEntry(ServiceAccountAuthenticator.POD_UID, List.of("pod-uid"))
                .containsEntry(ServiceAccountAuthenticator.NODE_NAME, List.of("n1"))
                .containsEntry(ServiceAccountAuthenticator.NODE_UID, List.of("node-uid"));

        put("pods", "ns1", "web", "other-uid").set("spec", pod.get("spec"));
        assertThat(authenticator().authenticate(token, API)).as("pod recreated").isEmpty();
        objects.remove("pods/ns1/web");
        assertThat(authenticator().authenticate(token, API)).as("pod gone").isEmpty();

        String unbound = token(Json.object());
        assertThat(authenticator().authenticate(unbound, API)).isPresent();
        ((ObjectNode) sa.get("metadata")).put("uid", "new-uid");
        assertThat(authenticator().authenticate(unbound, API)).as("account recreated").isEmpty();
    }

    @Test
    void tokenRequestValidatesLifetimeAndBoundObject() {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        put("pods", "ns1", "other", "pod-uid").putObject("spec").put("serviceAccountName", "default");
        put("secrets", "ns1", "s1", "secret-uid");
        assertThatThrownBy(() -> token(Json.object().put("expirationSeconds", 599)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(422);
                    assertThat(e.status().message()).contains("spec.expirationSeconds")
                            .contains("may not specify a duration less than 10 minutes");
                });
        assertThat(code(() -> requests(RSA).create("ns1", "nobody", Json.object(), false))).isEqualTo(404);
        assertThat(code(() -> token(bound("Pod", "missing", null)))).isEqualTo(404);
        assertThat(code(() -> token(bound("Pod", "other", null)))).isEqualTo(400);
        assertThat(code(() -> token(bound("ConfigMap", "x", null)))).isEqualTo(400);
        assertThat(code(() -> token(bound("Secret", "s1", "wrong-uid")))).isEqualTo(409);
        String secretBound = token(bound("Secret", "s1", "secret-uid"));
        assertThat(authenticator().authenticate(secretBound, API)).isPresent();
        objects.remove("secrets/ns1/s1");
        assertThat(authenticator().authenticate(secretBound, API)).isEmpty();
    }

    @Test
    void podTokensOfTheKubeletLifetimeAreExtendedWithAWarnAfter() throws Exception {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        put("pods", "ns1", "web", "pod-uid").putObject("spec").put("serviceAccountName", "builder");
        ObjectNode spec = bound("Pod", "web", "pod-uid");
        spec.put("expirationSeconds", 3607);
        ObjectNode req = Json.object();
        req.set("spec", spec);
        ObjectNode answer = requests(RSA).create("ns1", "builder", req, false);
        assertThat(answer.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-01-01T01:00:07Z");
        ObjectNode claims = Jws.verify(answer.path("status").path("token").asString(), RSA.verificationKeys());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(365L * 24 * 3600);
        assertThat(claims.path("kubernetes.io").path("warnafter").asLong() - claims.path("iat").asLong())
                .isEqualTo(3607);
    }

    @Test
    void ecKeysSignWithEs256() throws Exception {
        SigningKeys ec = SigningKeys.of(CertificateAuthority.newKeyPair());
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        ObjectNode req = Json.object();
        String token = requests(ec).create("ns1", "builder", req, false).path("status").path("token").asString();
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
                .contains("ES256");
        assertThat(authenticator(ec).authenticate(token, API)).isPresent();
        assertThat(authenticator().authenticate(token, API)).isEmpty();
    }

    @Test
    void legacyTokensAuthenticateWhileTheirSecretHoldsThem() {
        put("serviceaccounts", "ns1", "builder", "sa-uid");
        String token = new TokenIssuer(ISSUER, RSA).legacy("ns1", new TokenIssuer.Ref("builder", "sa-uid"), "tok");
        assertThat(authenticator().authenticate(token, API)).as("no secret").isEmpty();
        ObjectNode secret = put("secrets", "ns1", "tok", "secret-uid");
        secret.putObject("data").put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(authenticator().authenticate(token, API).orElseThrow().user().name())
                .isEqualTo("system:serviceaccount:ns1:builder");
        assertThat(authenticator().authenticate(token, List.of("vault"))).isEmpty();
        ((ObjectNode) secret.get("data")).put("token", "b3RoZXI=");
        assertThat(authenticator().authenticate(token, API)).as("secret holds another token").isEmpty();
    }

    @Test
    void keyFilesAreCreatedPrivateAndReloaded(@TempDir Path dir) throws Exception {
        SigningKeys first = SigningKeys.ensure(dir);
        assertThat(Files.getPosixFilePermissions(dir.resolve("service.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("service.current.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("service.key"))).contains("PRIVATE KEY");
        assertThat(SigningKeys.ensure(dir).keyId()).isEqualTo(first.keyId());
    }

    private static ObjectNode bound(String kind, String name, String uid) {
        ObjectNode spec = Json.object();
        ObjectNode ref = spec.putObject("boundObjectRef").put("kind", kind).put("apiVersion", "v1").put("name", name);
        if (uid != null) {
            ref.put("uid", uid);
        }
        return spec;
    }

    private static int code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status().code();
        }
        return 0;
    }
}
