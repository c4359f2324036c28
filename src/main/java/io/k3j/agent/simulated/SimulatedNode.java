package io.k3j.agent.simulated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node a {@link SimulatedNodes} plays: its name, the labels and taints it registers with
 * (beyond the well-known labels every simulated node has), its InternalIP and its pod CIDR. A
 * node without a pod CIDR waits for the node IPAM controller to give it one, as a real kubelet
 * does. {@code ordinal} only varies the machine ids it reports. {@code liftsNotReadyTaint}: the
 * server's own simulated nodes lift the {@code node.kubernetes.io/not-ready} taint themselves; a
 * node joining as an agent leaves that to the node lifecycle controller, as a kubelet must.
 * Immutable.
 */
public record SimulatedNode(String name, int ordinal, String internalIp, String podCidr, Map<String, String> labels,
                            List<Taint> taints, boolean liftsNotReadyTaint) {

    private static final Pattern EFFECT = Pattern.compile("NoSchedule|PreferNoSchedule|NoExecute");

    /** A taint to register with, in K3s's {@code --node-taint key[=value]:Effect} form. */
    public record Taint(String key, String value, String effect) {

        /** Parses {@code key[=value]:Effect}; IllegalArgumentException with the reason when it does not. */
        public static Taint parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("invalid taint " + text + ": expected key[=value]:Effect");
            }
            String effect = text.substring(colon + 1);
            if (!EFFECT.matcher(effect).matches()) {
                throw new IllegalArgumentException("invalid taint effect " + effect + " in " + text
                        + ": expected NoSchedule, PreferNoSchedule or NoExecute");
            }
            String kv = text.substring(0, colon);
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid taint " + text + ": empty key");
            }
            return new Taint(key, eq < 0 ? "" : kv.substring(eq + 1), effect);
        }
    }

    public SimulatedNode {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }

    /** The server's {@code --simulated-nodes N}: {@code sim-0 … sim-(N-1)} with fixed addresses and pod CIDRs. */
    public static List<SimulatedNode> numbered(int count) {
        List<SimulatedNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new SimulatedNode("sim-" + i, i, PodIps.nodeIp(i), PodIps.podCidr(i), Map.of(), List.of(), true));
        }
        return out;
    }

    /** A node joining as an agent: its pod CIDR comes from node IPAM. */
    public static SimulatedNode agent(String name, String internalIp, Map<String, String> labels, List<Taint> taints) {
        return new SimulatedNode(name, name.hashCode() & 0x7fffffff, internalIp, null, new LinkedHashMap<>(labels),
                taints, false);
    }
}
