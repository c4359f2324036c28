package io.k3j.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.HttpTransport;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.node.ObjectNode;

/** Service account tokens against a real server: TokenRequest, bearer authentication, RBAC, the controllers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountTokensIT {

    private static final Resource NAMESPACES = Resource.core("namespaces");
    private static final Resource SERVICE_ACCOUNTS = Resource.core("serviceaccounts");
    private static final Resource CONFIG_MAPS = Resource.core("configmaps");
    private static final Resource PODS = Resource.core("pods");
    private static final Resource SECRETS = Resource.core("secrets");
    private static final Resource ROLE_BINDINGS = Resource.of("rbac.authorization.k8s.io", "v1", "rolebindings");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestCluster cluster;
    private ApiClient admin;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster();
        admin = cluster.https();
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private ApiClient as(String token) throws Exception {
        return new ApiClient(HttpTransport.withToken(URI.create("https://127.0.0.1:" + cluster.server.address().getPort()),
                Files.readString(cluster.config.tlsDir().resolve("server-ca.crt")), token));
    }

    private ObjectNode requestToken(String ns, String sa, ObjectNode spec) {
        ObjectNode req = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        req.set("spec", spec);
        return admin.create(Resource.core("serviceaccounts/" + sa + "/token"), ns, req);
    }

    private void namespace(String name) {
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", name);
        admin.create(NAMESPACES, null, ns);
    }

    private static int code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status().code();
        }
        return 200;
    }

    @Test
    void tokenRequestGivesABearerTokenThatRbacAppliesTo() throws Exception {
        namespace("sa-rbac");
        ObjectNode sa = Json.object();
        sa.putObject("metadata").put("name", "reader");
        admin.create(SERVICE_ACCOUNTS, "sa-rbac", sa);
        ObjectNode answer = requestToken("sa-rbac", "reader", Json.object());
        assertThat(answer.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(answer.path("status").path("expirationTimestamp").asString()).isNotEmpty();
        String token = answer.path("status").path("token").asString();

        ApiClient reader = as(token);
        assertThat(code(() -> reader.list(CONFIG_MAPS, "sa-rbac", io.k3j.client.ListOptions.all()))).isEqualTo(403);
        ObjectNode binding = Json.object();
        binding.putObject("metadata").put("name", "reader-view");
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole")
                .put("name", "view");
        binding.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", "reader")
                .put("namespace", "sa-rbac");
        admin.create(ROLE_BINDINGS, "sa-rbac", binding);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(code(() -> reader.list(CONFIG_MAPS, "sa-rbac", io.k3j.client.ListOptions.all())))
                        .isEqualTo(200));
        assertThat(code(() -> reader.list(CONFIG_MAPS, "default", io.k3j.client.ListOptions.all()))).isEqualTo(403);

        ObjectNode review = Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        review.putObject("spec").put("token", token);
        ObjectNode reviewed = admin.create(Resource.of("authentication.k8s.io", "v1", "tokenreviews"), null, review);
        assertThat(reviewed.path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(reviewed.path("status").path("user").path("username").asString())
                .isEqualTo("system:serviceaccount:sa-rbac:reader");
        assertThat(reviewed.path("status").path("user").path("uid").asString()).isEqualTo(Meta.uid(
                admin.get(SERVICE_ACCOUNTS, "sa-rbac", "reader")));

        ObjectNode tooShort = Json.object().put("expirationSeconds", 599);
        assertThat(code(() -> requestToken("sa-rbac", "reader", tooShort))).isEqualTo(422);
        assertThat(code(() -> requestToken("sa-rbac", "nobody", Json.object()))).isEqualTo(404);

        admin.delete(SERVICE_ACCOUNTS, "sa-rbac", "reader");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(code(() -> reader.list(CONFIG_MAPS, "sa-rbac", io.k3j.client.ListOptions.all())))
                        .isEqualTo(401));
    }

    @Test
    void podBoundTokenIsRejectedOnceThePodIsDeleted() throws Exception {
        namespace("sa-pod");
        await().atMost(WAIT).until(() -> code(() -> admin.get(SERVICE_ACCOUNTS, "sa-pod", "default")) == 200);
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web");
        pod.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        ObjectNode created = admin.create(PODS, "sa-pod", pod);
        assertThat(Json.string(created.path("spec").path("volumes"))).contains("kube-root-ca.crt");
        ObjectNode spec = Json.object();
        spec.putObject("boundObjectRef").put("kind", "Pod").put("apiVersion", "v1").put("name", "web")
                .put("uid", Meta.uid(created));
        String token = requestToken("sa-pod", "default", spec).path("status").path("token").asString();
        ApiClient client = as(token);
        ObjectNode self = client.create(Resource.of("authentication.k8s.io", "v1", "selfsubjectreviews"), null,
                Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "SelfSubjectReview"));
        assertThat(self.path("status").path("userInfo").path("username").asString())
                .isEqualTo("system:serviceaccount:sa-pod:default");
        assertThat(self.path("status").path("userInfo").path("extra").path("authentication.kubernetes.io/pod-name")
                .get(0).asString()).isEqualTo("web");

        admin.delete(PODS, "sa-pod", "web", io.k3j.client.DeleteOptions.defaults().withGracePeriodSeconds(0));
        await().atMost(WAIT).until(() -> code(() -> admin.get(PODS, "sa-pod", "web")) == 404);
        assertThatThrownBy(() -> client.create(Resource.of("authentication.k8s.io", "v1", "selfsubjectreviews"),
                null, Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "SelfSubjectReview")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(401));
    }

    @Test
    void rootCaConfigMapAppearsInNewNamespacesAndIsRestored() throws Exception {
        String ca = Files.readString(cluster.config.tlsDir().resolve("server-ca.crt"));
        namespace("sa-ca");
        await().atMost(WAIT).until(() -> code(() -> admin.get(CONFIG_MAPS, "sa-ca", "kube-root-ca.crt")) == 200);
        ObjectNode cm = admin.get(CONFIG_MAPS, "sa-ca", "kube-root-ca.crt");
        assertThat(cm.path("data").path("ca.crt").asString()).isEqualTo(ca);
        assertThat(Meta.stringMap(cm, "annotations")).containsKey("kubernetes.io/description");

        ((ObjectNode) cm.get("data")).put("ca.crt", "tampered");
        admin.update(CONFIG_MAPS, "sa-ca", cm);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.get(CONFIG_MAPS, "sa-ca", "kube-root-ca.crt")
                .path("data").path("ca.crt").asString()).isEqualTo(ca));
        admin.delete(CONFIG_MAPS, "sa-ca", "kube-root-ca.crt");
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.get(CONFIG_MAPS, "sa-ca", "kube-root-ca.crt")
                .path("data").path("ca.crt").asString()).isEqualTo(ca));
        assertThat(admin.get(CONFIG_MAPS, "kube-system", "kube-root-ca.crt").path("data").path("ca.crt").asString())
                .isEqualTo(ca);
    }

    @Test
    void defaultServiceAccountIsRecreated() {
        namespace("sa-default");
        await().atMost(WAIT).until(() -> code(() -> admin.get(SERVICE_ACCOUNTS, "sa-default", "default")) == 200);
        String uid = Meta.uid(admin.get(SERVICE_ACCOUNTS, "sa-default", "default"));
        admin.delete(SERVICE_ACCOUNTS, "sa-default", "default");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(code(() -> admin.get(SERVICE_ACCOUNTS, "sa-default", "default"))).isEqualTo(200);
            assertThat(Meta.uid(admin.get(SERVICE_ACCOUNTS, "sa-default", "default"))).isNotEqualTo(uid);
        });
    }

    @Test
    void legacyTokenSecretIsFilledAndItsTokenAuthenticates() throws Exception {
        namespace("sa-legacy");
        ObjectNode sa = Json.object();
        sa.putObject("metadata").put("name", "robot");
        String saUid = Meta.uid(admin.create(SERVICE_ACCOUNTS, "sa-legacy", sa));
        ObjectNode secret = Json.object().put("type", "kubernetes.io/service-account-token");
        secret.putObject("metadata").put("name", "robot-token").putObject("annotations")
                .put("kubernetes.io/service-account.name", "robot");
        admin.create(SECRETS, "sa-legacy", secret);
        await().atMost(WAIT).until(() -> !admin.get(SECRETS, "sa-legacy", "robot-token").path("data").path("token")
                .asString("").isEmpty());
        ObjectNode filled = admin.get(SECRETS, "sa-legacy", "robot-token");
        assertThat(decode(filled.path("data").path("namespace").asString())).isEqualTo("sa-legacy");
        assertThat(decode(filled.path("data").path("ca.crt").asString()))
                .isEqualTo(Files.readString(cluster.config.tlsDir().resolve("server-ca.crt")));
        assertThat(Meta.stringMap(filled, "annotations")).containsEntry("kubernetes.io/service-account.uid", saUid);
        ApiClient robot = as(decode(filled.path("data").path("token").asString()));
        ObjectNode self = robot.create(Resource.of("authentication.k8s.io", "v1", "selfsubjectreviews"), null,
                Json.object().put("apiVersion", "authentication.k8s.io/v1").put("kind", "SelfSubjectReview"));
        assertThat(self.path("status").path("userInfo").path("username").asString())
                .isEqualTo("system:serviceaccount:sa-legacy:robot");

        admin.delete(SERVICE_ACCOUNTS, "sa-legacy", "robot");
        await().atMost(WAIT).until(() -> code(() -> admin.get(SECRETS, "sa-legacy", "robot-token")) == 404);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
