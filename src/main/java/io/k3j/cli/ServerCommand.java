package io.k3j.cli;

import io.k3j.server.Server;
import io.k3j.server.ServerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k3s server}: runs the control plane with K3s's flags and environment variables. */
@Command(name = "server", description = "Run management server", mixinStandardHelpOptions = true,
        sortOptions = false)
public final class ServerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Load configuration from FILE (env: K3S_CONFIG_FILE)",
            defaultValue = "${env:K3S_CONFIG_FILE}")
    String config;

    @Option(names = {"-d", "--data-dir"}, description = "Folder to hold state (default: /var/lib/rancher/k3s or ${HOME}/.rancher/k3s if not root)")
    String dataDir;

    @Option(names = {"-t", "--token"}, description = "Shared secret used to join a server or agent to a cluster (env: K3S_TOKEN)",
            defaultValue = "${env:K3S_TOKEN}")
    String token;

    @Option(names = "--token-file", description = "File containing the token (env: K3S_TOKEN_FILE)",
            defaultValue = "${env:K3S_TOKEN_FILE}")
    String tokenFile;

    @Option(names = "--agent-token", description = "Shared secret used to join agents to the cluster, but not servers (env: K3S_AGENT_TOKEN)",
            defaultValue = "${env:K3S_AGENT_TOKEN}")
    String agentToken;

    @Option(names = "--agent-token-file", description = "File containing the agent secret (env: K3S_AGENT_TOKEN_FILE)",
            defaultValue = "${env:K3S_AGENT_TOKEN_FILE}")
    String agentTokenFile;

    @Option(names = {"-o", "--write-kubeconfig"}, description = "Write kubeconfig for admin client to this file (env: K3S_KUBECONFIG_OUTPUT)",
            defaultValue = "${env:K3S_KUBECONFIG_OUTPUT}")
    String writeKubeconfig;

    @Option(names = "--write-kubeconfig-mode", description = "Write kubeconfig with this mode (env: K3S_KUBECONFIG_MODE)",
            defaultValue = "${env:K3S_KUBECONFIG_MODE}")
    String writeKubeconfigMode;

    @Option(names = "--https-listen-port", description = "HTTPS listen port (default: 6443)", defaultValue = "6443")
    int httpsListenPort;

    @Option(names = "--bind-address", description = "k3s bind address (default: 0.0.0.0)")
    String bindAddress;

    @Option(names = "--advertise-address", description = "IPv4/IPv6 address that apiserver uses to advertise to members of the cluster")
    String advertiseAddress;

    @Option(names = "--advertise-port", description = "Port that apiserver uses to advertise to members of the cluster")
    Integer advertisePort;

    @Option(names = "--tls-san", split = ",", description = "Add additional hostnames or IPv4/IPv6 addresses as Subject Alternative Names on the server TLS cert")
    List<String> tlsSans = new ArrayList<>();

    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(names = "--cluster-cidr", description = "IPv4/IPv6 network CIDRs to use for pod IPs (default: 10.42.0.0/16)",
            defaultValue = "10.42.0.0/16")
    String clusterCidr;

    @Option(names = "--service-cidr", description = "IPv4/IPv6 network CIDRs to use for service IPs (default: 10.43.0.0/16)",
            defaultValue = "10.43.0.0/16")
    String serviceCidr;

    @Option(names = "--cluster-dns", description = "IPv4 Cluster IP for coredns service (default: 10.43.0.10)",
            defaultValue = "10.43.0.10")
    String clusterDns;

    @Option(names = "--cluster-domain", description = "Cluster Domain (default: cluster.local)", defaultValue = "cluster.local")
    String clusterDomain;

    @Option(names = "--datastore-endpoint", description = "Specify sqlite, etcd, mysql, postgres, or nats datastore (env: K3S_DATASTORE_ENDPOINT)",
            defaultValue = "${env:K3S_DATASTORE_ENDPOINT}")
    String datastoreEndpoint;

    @Option(names = "--disable", split = ",", description = "Do not deploy packaged components and delete any deployed components")
    List<String> disable = new ArrayList<>();

    @Option(names = "--disable-agent", arity = "0..1", description = "Do not run a local agent and register a local kubelet")
    boolean disableAgent;

    @Option(names = "--disable-scheduler", arity = "0..1", description = "Disable Kubernetes default scheduler")
    boolean disableScheduler;

    @Option(names = "--disable-controller-manager", arity = "0..1", description = "(experimental) Disable running kube-controller-manager")
    boolean disableControllerManager;

    @Option(names = "--simulated-nodes", description = "(experimental) Register N simulated nodes (sim-0 … sim-N-1) whose kubelet only reports pods as running, no containers run (default: 0)",
            defaultValue = "0")
    int simulatedNodes;

    @Option(names = "--cluster-init", arity = "0..1", description = "Initialize a new cluster using embedded etcd (env: K3S_CLUSTER_INIT)",
            defaultValue = "${env:K3S_CLUSTER_INIT:-false}")
    boolean clusterInit;

    @Option(names = {"-s", "--server"}, description = "Server to connect to, used to join a cluster (env: K3S_URL)",
            defaultValue = "${env:K3S_URL}")
    String server;

    @Option(names = "--flannel-backend", description = "Backend (valid values: 'none', 'vxlan', 'host-gw', 'wireguard-native') (default: vxlan)",
            defaultValue = "vxlan")
    String flannelBackend;

    @Option(names = "--debug", arity = "0..1", description = "Turn on debug logs (env: K3S_DEBUG)")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = toConfig();
        Server s = new Server(cfg, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            s.close();
            stopped.countDown();
        }, "k3j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        s.start();
        stopped.await();
        return 0;
    }

    ServerConfig toConfig() {
        if (httpsListenPort < 1 || httpsListenPort > 65535) {
            throw new CliException("--https-listen-port must be between 1 and 65535");
        }
        if (simulatedNodes < 0 || simulatedNodes > io.k3j.agent.simulated.SimulatedNodes.MAX_NODES) {
            throw new CliException("--simulated-nodes must be between 0 and "
                    + io.k3j.agent.simulated.SimulatedNodes.MAX_NODES);
        }
        return new ServerConfig(
                DataDirs.dataDir(dataDir).toAbsolutePath(),
                TokenSources.resolve(token, tokenFile, "--token-file"),
                TokenSources.resolve(agentToken, agentTokenFile, "--agent-token-file"),
                DataDirs.kubeconfig(writeKubeconfig),
                writeKubeconfigMode,
                httpsListenPort,
                bindAddress,
                advertiseAddress,
                List.copyOf(tlsSans),
                node.nodeName,
                List.copyOf(node.nodeIps),
                List.copyOf(node.nodeLabels),
                List.copyOf(node.nodeTaints),
                clusterCidr,
                serviceCidr,
                clusterDns,
                clusterDomain,
                datastoreEndpoint,
                List.copyOf(disable),
                disableAgent,
                clusterInit,
                flannelBackend,
                simulatedNodes,
                disableScheduler,
                disableControllerManager);
    }
}
