package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k3s agent --simulated} joining {@code k3s server --disable-agent} as a separate process over
 * HTTPS, the K3s way (CA hash, token, node password, kubelet certificate), seen through kubectl 1.33.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentIT {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: edge-web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: edge-web}}
              template:
                metadata: {labels: {app: edge-web}}
                spec:
                  nodeSelector: {kubernetes.io/hostname: edge-1}
                  containers: [{name: web, image: nginx:1.27}]
            """;

    private Path dir;
    private K3sProcess k3s;
    private Kubectl k;
    private String token;
    private Process agent;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir.resolve("server")).start("--disable-agent");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
        token = Files.readString(k3s.dataDir.resolve("server/token")).strip();
        agent = new ProcessBuilder(agentCommand("a1", "edge-1", token, "--node-label", "zone=north"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("a1.log").toFile()).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        k3s.close();
    }

    /** {@code k3s agent --simulated} with its own data dir, node password file and (empty) config file. */
    private List<String> agentCommand(String name, String node, String withToken, String... extra) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home);
        Path config = home.resolve("config.yaml");
        Files.writeString(config, "");
        List<String> cmd = new ArrayList<>(List.of(K3sProcess.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dk3j.node-password-file=" + home.resolve("password"), "--enable-native-access=ALL-UNNAMED",
                "-jar", K3sProcess.JAR.toString(), "agent", "--simulated", "--config", config.toString(),
                "--server", k3s.url(""), "--token", withToken, "--node-name", node, "--data-dir",
                home.resolve("data").toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs an agent that is expected to give up; its exit code and output. */
    private K3sProcess.Result runToEnd(String name, String node, String withToken) throws Exception {
        Process p = new ProcessBuilder(agentCommand(name, node, withToken)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new K3sProcess.Result(p.exitValue(), new String(out));
    }

    private String agentLog() throws Exception {
        return Files.readString(dir.resolve("a1.log"));
    }

    @Test
    void theAgentNodeIsReadyWithAPodCidrAndRunsPodsFromIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(agent.isAlive()).as(agentLog()).isTrue();
            assertThat(k.ok("get", "nodes")).as(agentLog()).containsPattern("edge-1\\s+Ready\\s+<none>");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(k.ok("get", "node", "edge-1", "-o",
                "jsonpath={.spec.podCIDR}")).matches("10\\.42\\.\\d+\\.0/24"));
        String cidr = k.ok("get", "node", "edge-1", "-o", "jsonpath={.spec.podCIDR}");
        assertThat(k.ok("get", "node", "edge-1", "-o", "jsonpath={.metadata.labels}"))
                .contains("\"zone\":\"north\"", "\"k3j.io/simulated\":\"true\"", "\"kubernetes.io/hostname\":\"edge-1\"")
                .doesNotContain("node-role");

        k.runWithInput(DEPLOYMENT, "apply", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=Available", "deployment/edge-web", "--timeout=40s"))
                .contains("condition met");
        String pod = k.ok("get", "pods", "-l", "app=edge-web", "-o",
                "jsonpath={.items[0].spec.nodeName} {.items[0].status.phase} {.items[0].status.podIP}");
        String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
        assertThat(pod).startsWith("edge-1 Running " + prefix);
        assertThat(pod.substring(pod.lastIndexOf(' ') + 1)).matches("10\\.42\\.\\d+\\.\\d+").isNotEqualTo(prefix + "1");
    }

    @Test
    void theAgentKeepsK3sFilesAndActsAsItsNodeOnly() throws Exception {
        Path agentDir = dir.resolve("a1/data/agent");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(agentDir.resolve("kubelet.kubeconfig")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agentDir.resolve("client-kubelet.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a1/password"))))
                .isEqualTo("rw-------");
        assertThat(k.ok("get", "secret", "-n", "kube-system", "edge-1.node-password.k3s", "-o", "jsonpath={.type}"))
                .isEqualTo("k3s.cattle.io/node-password");

        Kubectl asNode = new Kubectl(Kubectl.binary("1.33"), agentDir.resolve("kubelet.kubeconfig"));
        assertThat(asNode.ok("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"))
                .isEqualTo("system:node:edge-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> asNode.run("get", "node", "edge-1").exit() == 0);
        Kubectl.Result secrets = asNode.run("get", "secrets", "-n", "kube-system");
        assertThat(secrets.exit()).isNotZero();
        assertThat(secrets.err()).contains("secrets is forbidden: User \"system:node:edge-1\" cannot list resource");
        assertThat(asNode.ok("label", "node", "edge-1", "owner=edge", "--dry-run=server"))
                .contains("node/edge-1 labeled");
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"other\"}}",
                "create", "-f", "-");
        Kubectl.Result otherNode = asNode.run("label", "node", "other", "stolen=yes");
        assertThat(otherNode.exit()).isNotZero();
        assertThat(otherNode.err()).contains("nodes \"other\" is forbidden: User \"system:node:edge-1\" cannot get"
                + " resource \"nodes\"");
    }

    @Test
    void aSecondAgentWithTheSameNameButAnotherPasswordIsRefused() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("get", "node", "edge-1").exit() == 0);
        K3sProcess.Result r = runToEnd("a2", "edge-1", token);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("k3s: error: Node password rejected for node edge-1");
        assertThat(agent.isAlive()).isTrue();
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        String wrongSecret = token.substring(0, token.lastIndexOf(':') + 1) + "not-the-secret";
        K3sProcess.Result r = runToEnd("a3", "edge-3", wrongSecret);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("refused the token (401 Unauthorized)");

        String wrongCa = "K10" + "0".repeat(64) + token.substring(token.indexOf("::"));
        K3sProcess.Result ca = runToEnd("a4", "edge-4", wrongCa);
        assertThat(ca.exit()).as(ca.output()).isNotZero();
        assertThat(ca.output()).contains("token CA hash does not match the Cluster CA certificate hash");
        assertThat(k.run("get", "node", "edge-3").exit()).isNotZero();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void sigtermStopsTheAgentAndLeavesItsNodeRegistered() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> k.run("get", "node", "edge-1").exit() == 0);
        agent.destroy();
        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).as(agentLog()).isTrue();
        assertThat(agentLog()).doesNotContain("Exception");
        assertThat(k.ok("get", "node", "edge-1", "-o", "name").strip()).isEqualTo("node/edge-1");
    }
}
