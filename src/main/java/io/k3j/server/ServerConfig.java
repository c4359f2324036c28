package io.k3j.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code k3s server} was told, after flags, environment and config files were
 * merged. Field names follow K3s's flag names; some are accepted now and used by later
 * components.
 */
public record ServerConfig(
        Path dataDir,
        String token,
        String agentToken,
        Path writeKubeconfig,
        String writeKubeconfigMode,
        int httpsListenPort,
        String bindAddress,
        String advertiseAddress,
        List<String> tlsSans,
        String nodeName,
        List<String> nodeIps,
        List<String> nodeLabels,
        List<String> nodeTaints,
        String clusterCidr,
        String serviceCidr,
        String clusterDns,
        String clusterDomain,
        String datastoreEndpoint,
        List<String> disable,
        boolean disableAgent,
        boolean clusterInit,
        String flannelBackend,
        int simulatedNodes,
        boolean disableScheduler,
        boolean disableControllerManager) {

    /** With the scheduler and the controller manager. */
    public ServerConfig(Path dataDir, String token, String agentToken, Path writeKubeconfig,
                        String writeKubeconfigMode, int httpsListenPort, String bindAddress, String advertiseAddress,
                        List<String> tlsSans, String nodeName, List<String> nodeIps, List<String> nodeLabels,
                        List<String> nodeTaints, String clusterCidr, String serviceCidr, String clusterDns,
                        String clusterDomain, String datastoreEndpoint, List<String> disable, boolean disableAgent,
                        boolean clusterInit, String flannelBackend, int simulatedNodes) {
        this(dataDir, token, agentToken, writeKubeconfig, writeKubeconfigMode, httpsListenPort, bindAddress,
                advertiseAddress, tlsSans, nodeName, nodeIps, nodeLabels, nodeTaints, clusterCidr, serviceCidr,
                clusterDns, clusterDomain, datastoreEndpoint, disable, disableAgent, clusterInit, flannelBackend,
                simulatedNodes, false, false);
    }

    /** Without simulated nodes. */
    public ServerConfig(Path dataDir, String token, String agentToken, Path writeKubeconfig,
                        String writeKubeconfigMode, int httpsListenPort, String bindAddress, String advertiseAddress,
                        List<String> tlsSans, String nodeName, List<String> nodeIps, List<String> nodeLabels,
                        List<String> nodeTaints, String clusterCidr, String serviceCidr, String clusterDns,
                        String clusterDomain, String datastoreEndpoint, List<String> disable, boolean disableAgent,
                        boolean clusterInit, String flannelBackend) {
        this(dataDir, token, agentToken, writeKubeconfig, writeKubeconfigMode, httpsListenPort, bindAddress,
                advertiseAddress, tlsSans, nodeName, nodeIps, nodeLabels, nodeTaints, clusterCidr, serviceCidr,
                clusterDns, clusterDomain, datastoreEndpoint, disable, disableAgent, clusterInit, flannelBackend, 0);
    }

    public Path serverDir() {
        return dataDir.resolve("server");
    }

    public Path tlsDir() {
        return serverDir().resolve("tls");
    }
}
