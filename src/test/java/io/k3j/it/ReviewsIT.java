package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.Pem;
import io.k3j.server.Kubeconfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The review APIs: {@code kubectl auth can-i --list} (SelfSubjectRulesReview) for an RBAC'd user and for the
 * admin, and SubjectAccessReview, LocalSubjectAccessReview and TokenReview over HTTPS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewsIT {

    private static final String AUTHZ = "/apis/authorization.k8s.io/v1";
    private static final String SAR = AUTHZ + "/subjectaccessreviews";
    private static final String LSAR = AUTHZ + "/namespaces/team/localsubjectaccessreviews";
    private static final String TOKENS = "/apis/authentication.k8s.io/v1/tokenreviews";

    private K3sProcess k3s;
    private Kubectl admin;
    private Kubectl carol;
    private HttpClient adminHttp;
    private HttpClient carolHttp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        String serverCa = Files.readString(tls.resolve("server-ca.crt"));
        CertKey clientCa = new CertKey(Pem.certificates(Files.readString(tls.resolve("client-ca.crt"))).getFirst(),
                Pem.privateKey(Files.readString(tls.resolve("client-ca.key"))));
        CertKey cert = new CertificateAuthority(clientCa, Clock.systemUTC()).issue("carol", List.of("qa"), List.of(),
                List.of(), List.of(CertificateAuthority.Usage.CLIENT), Duration.ofDays(1));
        Path kubeconfig = dir.resolve("carol.yaml");
        Files.writeString(kubeconfig, Kubeconfig.render(k3s.url(""), serverCa, cert.certificatePem(), cert.keyPem()));
        // kubectl 1.32 and later send SelfSubjectRulesReview as protobuf, which the server does not read yet;
        // 1.27 to 1.31 send JSON.
        admin = new Kubectl(Kubectl.binary("1.31"), k3s.kubeconfig);
        carol = new Kubectl(Kubectl.binary("1.31"), kubeconfig);
        adminHttp = Tls.mutualClient(serverCa, Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key")));
        carolHttp = Tls.mutualClient(serverCa, cert.certificatePem(), cert.keyPem());
        admin.ok("create", "namespace", "team");
        admin.ok("create", "role", "cm-editor", "--verb=get,update", "--resource=configmaps",
                "--resource-name=settings", "-n", "team");
        admin.ok("create", "rolebinding", "carol-cm", "--role=cm-editor", "--user=carol", "-n", "team");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode created(HttpClient client, String path, String body) throws Exception {
        HttpResponse<String> r = post(client, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body().getBytes());
    }

    private static String sar(String kind, String spec) {
        return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"" + kind + "\",\"spec\":" + spec + "}";
    }

    @Test
    void canIListShowsTheRulesOfTheUsersBindingsInTheNamespace() throws Exception {
        String team = carol.ok("auth", "can-i", "--list", "-n", "team");
        assertThat(team.lines().findFirst().orElseThrow())
                .matches("Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs\\s*");
        assertThat(team).containsPattern("(?m)^configmaps\\s+\\[\\]\\s+\\[settings\\]\\s+\\[get update\\]\\s*$")
                .containsPattern("(?m)^selfsubjectrulesreviews\\.authorization\\.k8s\\.io\\s+\\[\\]\\s+\\[\\]\\s+"
                        + "\\[create\\]\\s*$")
                .containsPattern("(?m)^\\s+\\[/api/\\*\\]\\s+\\[\\]\\s+\\[get\\]\\s*$");
        String elsewhere = carol.ok("auth", "can-i", "--list", "-n", "default");
        assertThat(elsewhere).doesNotContain("configmaps").contains("selfsubjectaccessreviews.authorization.k8s.io");

        String all = admin.ok("auth", "can-i", "--list");
        assertThat(all).containsPattern("(?m)^\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]\\s*$")
                .containsPattern("(?m)^\\s+\\[\\*\\]\\s+\\[\\]\\s+\\[\\*\\]\\s*$");
    }

    @Test
    void rulesReviewNeedsANamespace() throws Exception {
        HttpResponse<String> r = post(carolHttp, AUTHZ + "/selfsubjectrulesreviews",
                sar("SelfSubjectRulesReview", "{}"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("no namespace on request");
        JsonNode ok = created(carolHttp, AUTHZ + "/selfsubjectrulesreviews",
                sar("SelfSubjectRulesReview", "{\"namespace\":\"team\"}"));
        assertThat(ok.path("status").path("incomplete").asBoolean(true)).isFalse();
        assertThat(ok.path("status").path("resourceRules").toString())
                .contains("{\"verbs\":[\"get\",\"update\"],\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],"
                        + "\"resourceNames\":[\"settings\"]}");
    }

    @Test
    void subjectAccessReviewAnswersForTheUserAndGroupsOfItsSpec() throws Exception {
        JsonNode allowed = created(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\","
                + "\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"update\",\"resource\":\"configmaps\","
                + "\"name\":\"settings\"}}"));
        assertThat(allowed.path("kind").asString()).isEqualTo("SubjectAccessReview");
        assertThat(allowed.path("spec").path("user").asString()).isEqualTo("carol");
        assertThat(allowed.path("status").path("allowed").asBoolean()).isTrue();
        assertThat(allowed.path("status").path("reason").asString()).isEqualTo("RBAC: allowed by RoleBinding"
                + " \"carol-cm/team\" of Role \"cm-editor\" to User \"carol\"");

        JsonNode otherName = created(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\","
                + "\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"update\",\"resource\":\"configmaps\","
                + "\"name\":\"other\"}}"));
        assertThat(otherName.path("status").path("allowed").asBoolean(true)).isFalse();
        assertThat(otherName.path("status").has("reason")).isFalse();

        JsonNode masters = created(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"x\",\"groups\":"
                + "[\"system:masters\"],\"resourceAttributes\":{\"verb\":\"delete\",\"resource\":\"nodes\"}}"));
        assertThat(masters.path("status").path("allowed").asBoolean()).isTrue();

        // only the groups the spec names: without system:authenticated there is no discovery
        String discovery = "\"nonResourceAttributes\":{\"path\":\"/api\",\"verb\":\"get\"}}";
        assertThat(created(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\","
                + "\"groups\":[\"system:authenticated\"]," + discovery)).path("status").path("allowed").asBoolean())
                .isTrue();
        assertThat(created(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\"," + discovery))
                .path("status").path("allowed").asBoolean(true)).isFalse();
    }

    @Test
    void subjectAccessReviewsAreValidatedAndNeedTheRightToCreateThem() throws Exception {
        HttpResponse<String> none = post(adminHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\"}"));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(Json.parse(none.body().getBytes()).path("message").asString()).isEqualTo(".authorization.k8s.io"
                + " \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of"
                + " nonResourceAttributes or resourceAttributes must be specified");
        HttpResponse<String> both = post(adminHttp, SAR, sar("SubjectAccessReview", "{\"resourceAttributes\":{},"
                + "\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}"));
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(both.body()).contains("spec.nonResourceAttributes: Invalid value:"
                + " authorization.NonResourceAttributes{Path:\\\"/x\\\", Verb:\\\"get\\\"}: cannot be specified in"
                + " combination with resourceAttributes").contains("spec.user: Invalid value: \\\"\\\": at least one"
                + " of user or group must be specified").contains("\"reason\":\"Invalid\"");

        HttpResponse<String> forbidden = post(carolHttp, SAR, sar("SubjectAccessReview", "{\"user\":\"carol\","
                + "\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("subjectaccessreviews.authorization.k8s.io is forbidden: User"
                + " \\\"carol\\\" cannot create resource \\\"subjectaccessreviews\\\" in API group"
                + " \\\"authorization.k8s.io\\\" at the cluster scope");
        assertThat(adminHttp.send(HttpRequest.newBuilder(URI.create(k3s.url(SAR))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(post(adminHttp, AUTHZ + "/namespaces/team/subjectaccessreviews", "{}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void localSubjectAccessReviewStaysInItsNamespace() throws Exception {
        String spec = "{\"user\":\"carol\",\"resourceAttributes\":{\"namespace\":\"team\",\"verb\":\"get\","
                + "\"resource\":\"configmaps\",\"name\":\"settings\"}}";
        JsonNode local = created(adminHttp, LSAR, sar("LocalSubjectAccessReview", spec));
        assertThat(local.path("metadata").path("namespace").asString()).isEqualTo("team");
        assertThat(local.path("status").path("allowed").asBoolean()).isTrue();

        HttpResponse<String> otherNs = post(adminHttp, LSAR, sar("LocalSubjectAccessReview",
                spec.replace("\"team\"", "\"default\"")));
        assertThat(otherNs.statusCode()).isEqualTo(422);
        assertThat(otherNs.body()).contains("spec.resourceAttributes.namespace: Invalid value: \\\"default\\\":"
                + " must match metadata.namespace");
        HttpResponse<String> otherMeta = post(adminHttp, LSAR, "{\"kind\":\"LocalSubjectAccessReview\","
                + "\"metadata\":{\"namespace\":\"default\"},\"spec\":" + spec + "}");
        assertThat(otherMeta.statusCode()).isEqualTo(400);
        assertThat(otherMeta.body()).contains("the namespace of the provided object does not match the namespace"
                + " sent on the request");
        assertThat(post(adminHttp, AUTHZ + "/localsubjectaccessreviews", sar("LocalSubjectAccessReview", spec))
                .statusCode()).isEqualTo(404);

        HttpResponse<String> forbidden = post(carolHttp, LSAR, sar("LocalSubjectAccessReview", spec));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("in the namespace \\\"team\\\"");
        // the aggregated admin role grants localsubjectaccessreviews (through system:aggregate-to-admin)
        admin.ok("create", "rolebinding", "carol-admin", "--clusterrole=admin", "--user=carol", "-n", "team");
        assertThat(created(carolHttp, LSAR, sar("LocalSubjectAccessReview", spec)).path("status").path("allowed")
                .asBoolean()).isTrue();
        assertThat(post(carolHttp, LSAR.replace("/team/", "/default/"), sar("LocalSubjectAccessReview",
                spec.replace("\"team\"", "\"default\""))).statusCode()).isEqualTo(403);
    }

    @Test
    void tokenReviewAuthenticatesTheServersTokens() throws Exception {
        String token = Files.readString(k3s.dataDir.resolve("server/token")).strip();
        JsonNode known = created(adminHttp, TOKENS, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":"
                + "\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}");
        assertThat(known.path("kind").asString()).isEqualTo("TokenReview");
        JsonNode status = known.path("status");
        assertThat(status.path("authenticated").asBoolean()).isTrue();
        assertThat(status.path("user").path("username").asString()).isEqualTo("server");
        assertThat(status.path("user").path("groups").toString()).contains("\"k3s:server\"");
        assertThat(status.path("audiences").toString())
                .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\",\"k3s\"]");
        assertThat(created(adminHttp, TOKENS, "{\"spec\":{\"token\":\"" + token + "\",\"audiences\":[\"k3s\","
                + "\"other\"]}}").path("status").path("audiences").toString()).isEqualTo("[\"k3s\"]");
        assertThat(created(adminHttp, TOKENS, "{\"spec\":{\"token\":\"" + token + "\",\"audiences\":[\"other\"]}}")
                .path("status").has("authenticated")).isFalse();

        JsonNode unknown = created(adminHttp, TOKENS, "{\"spec\":{\"token\":\"not-a-token\"}}");
        assertThat(unknown.path("status").toString()).isEqualTo("{\"user\":{},\"error\":\"invalid bearer token\"}");

        HttpResponse<String> empty = post(adminHttp, TOKENS, "{\"spec\":{}}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("token is required for TokenReview in authentication");
        HttpResponse<String> forbidden = post(carolHttp, TOKENS, "{\"spec\":{\"token\":\"" + token + "\"}}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).doesNotContain("k3s:server");
    }

    @Test
    void discoveryListsEveryReviewAsCreateOnly() throws Exception {
        JsonNode list = Json.parse(k3s.get(adminHttp, AUTHZ).body().getBytes());
        assertThat(list.path("resources").valueStream().map(r -> r.path("name").asString()).toList())
                .containsExactly("localsubjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews",
                        "subjectaccessreviews");
        list.path("resources").forEach(r -> {
            assertThat(r.path("verbs").toString()).isEqualTo("[\"create\"]");
            assertThat(r.path("namespaced").asBoolean())
                    .isEqualTo(r.path("name").asString().equals("localsubjectaccessreviews"));
        });
        String resources = admin.ok("api-resources", "--api-group=authentication.k8s.io", "-o", "name");
        assertThat(resources.lines().toList()).containsExactly("selfsubjectreviews.authentication.k8s.io",
                "tokenreviews.authentication.k8s.io");
        HttpResponse<String> aggregated = adminHttp.send(HttpRequest.newBuilder(URI.create(k3s.url("/apis")))
                .header("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode authz = Json.parse(aggregated.body().getBytes()).path("items").valueStream()
                .filter(i -> i.path("metadata").path("name").asString().equals("authorization.k8s.io"))
                .findFirst().orElseThrow();
        assertThat(authz.path("versions").get(0).path("resources").valueStream()
                .map(r -> r.path("resource").asString() + "/" + r.path("scope").asString()).toList())
                .containsExactly("localsubjectaccessreviews/Namespaced", "selfsubjectaccessreviews/Cluster",
                        "selfsubjectrulesreviews/Cluster", "subjectaccessreviews/Cluster");
    }
}
