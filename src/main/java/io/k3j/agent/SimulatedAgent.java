package io.k3j.agent;

import io.k3j.agent.simulated.SimulatedNode;
import io.k3j.agent.simulated.SimulatedNodes;
import io.k3j.client.ApiClient;
import io.k3j.client.HttpTransport;
import io.k3j.pki.Token;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code k3s agent --simulated}: joins a server the way a K3s agent does (the caller has checked
 * the server's CA against the token) and then plays one simulated node over HTTPS with the
 * kubelet's own credential, so the server's Node authorizer, NodeRestriction and node IPAM treat
 * it as a real node. {@link #close} stops it; the node stays registered and goes NotReady once
 * its lease runs out, as a stopped kubelet's does. Thread-safe.
 */
public final class SimulatedAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedAgent.class);
    /** How long a join keeps retrying while the server cannot be reached or is not ready. */
    static final Duration JOIN_PATIENCE = Duration.ofMinutes(2);

    /** What the agent runs with. {@code passwordFile} holds the node password (created when missing). */
    public record Config(URI server, String caPem, Token token, String nodeName, String nodeIp,
                         Map<String, String> labels, List<SimulatedNode.Taint> taints, Path agentDir,
                         Path passwordFile, String kubeletVersion) {
    }

    private final SimulatedNodes node;

    private SimulatedAgent(SimulatedNodes node) {
        this.node = node;
    }

    /**
     * Fetches the kubelet certificate, registers the node and starts its heartbeat and pod loop;
     * returns once the node has its pod CIDR (or after 30 s without one). JoinException when the
     * server refuses the token or the node password.
     */
    public static SimulatedAgent start(Config config, Clock clock) throws InterruptedException {
        String password = NodePasswordFile.ensure(config.passwordFile());
        KubeletCredentials credentials = fetch(config, password);
        credentials.write(config.agentDir(), config.server(), config.caPem());
        LOG.info("kubelet certificate for {} written to {}", credentials.subject(), config.agentDir());
        ApiClient client = new ApiClient(HttpTransport.withClientCertificate(config.server(), config.caPem(),
                credentials.certificatePem(), credentials.keyPem()));
        SimulatedNodes nodes = new SimulatedNodes(client, List.of(SimulatedNode.agent(config.nodeName(),
                config.nodeIp(), config.labels(), config.taints())), config.kubeletVersion(), clock);
        SimulatedAgent agent = new SimulatedAgent(nodes);
        try {
            nodes.start();
            if (!nodes.awaitPodCidrs(Duration.ofSeconds(30))) {
                LOG.warn("node {} has no pod CIDR after 30 s (is the server's controller manager running?);"
                        + " its pods wait for one", config.nodeName());
            }
        } catch (RuntimeException | InterruptedException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private static KubeletCredentials fetch(Config config, String password) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_PATIENCE.toNanos();
        while (true) {
            String problem;
            try {
                return KubeletCredentials.fetch(config.server(), config.caPem(), config.token(), config.nodeName(),
                        password);
            } catch (KubeletCredentials.Refused e) {
                switch (e.status()) {
                    case 401 -> throw new JoinException("the server at " + config.server() + " refused the token"
                            + " (401 Unauthorized): use the server's token or agent token", e);
                    case 403 -> throw new JoinException("Node password rejected for node " + config.nodeName()
                            + ": a node of that name joined with another password (duplicate hostname, or "
                            + config.passwordFile() + " does not hold the password it joined with); use another"
                            + " --node-name, or delete the secret kube-system/" + config.nodeName()
                            + ".node-password.k3s on the server", e);
                    default -> {
                        if (e.status() < 500) {
                            throw e;
                        }
                        problem = e.getMessage();
                    }
                }
            } catch (IOException e) {
                problem = "cannot reach " + config.server() + ": " + e;
            }
            if (System.nanoTime() > deadline) {
                throw new JoinException("giving up joining " + config.server() + ": " + problem);
            }
            LOG.warn("waiting to retrieve the kubelet certificate: {}", problem);
            Thread.sleep(2000);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
