package io.k3j.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The node flags K3s's server and agent share. */
public final class NodeOptions {

    @Option(names = "--node-name", description = "Node name (env: K3S_NODE_NAME)", defaultValue = "${env:K3S_NODE_NAME}")
    String nodeName;

    @Option(names = {"-i", "--node-ip"}, split = ",", description = "IPv4/IPv6 addresses to advertise for node")
    List<String> nodeIps = new ArrayList<>();

    @Option(names = "--node-label", description = "Registering and starting kubelet with set of labels")
    List<String> nodeLabels = new ArrayList<>();

    @Option(names = "--node-taint", description = "Registering kubelet with set of taints")
    List<String> nodeTaints = new ArrayList<>();
}
