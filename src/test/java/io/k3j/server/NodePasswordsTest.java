package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.pki.NodePasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.node.ObjectNode;

/** The node password check against the secrets of a real registry (a server in this JVM). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePasswordsTest {

    private static final Resource SECRETS = Resource.core("secrets");
    private TestCluster cluster;
    private ApiClient client;
    private NodePasswords passwords;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster();
        client = cluster.inProcess();
        passwords = new NodePasswords(client);
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void theFirstPasswordForANameIsKeptAndOnlyItPassesLater() {
        passwords.ensure("Node-A", "pw-1");
        ObjectNode secret = client.get(SECRETS, "kube-system", "node-a.node-password.k3s");
        String hash = new String(Base64.getDecoder().decode(secret.path("data").path("hash").asString()),
                StandardCharsets.UTF_8);
        assertThat(NodePasswordHash.verify(hash, "pw-1")).isTrue();
        passwords.ensure("node-a", "pw-1");
        assertThatThrownBy(() -> passwords.ensure("node-a", "pw-2")).isInstanceOf(NodePasswords.Mismatch.class)
                .hasMessageContaining("does not match");
        passwords.ensure("node-b", "pw-2");
    }

    @Test
    void aSecretWithoutAUsableHashRefusesEveryPassword() {
        ObjectNode broken = Json.object().put("apiVersion", "v1").put("kind", "Secret");
        broken.putObject("metadata").put("name", "node-c.node-password.k3s").put("namespace", "kube-system");
        broken.putObject("data").put("other", "eA==");
        client.create(SECRETS, "kube-system", broken);
        assertThatThrownBy(() -> passwords.ensure("node-c", "anything")).isInstanceOf(NodePasswords.Mismatch.class)
                .hasMessageContaining("holds no hash");
    }
}
