package io.k3j.agent.simulated;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pod addresses of simulated nodes: node {@code i} owns a /24 (its podCIDR), 10.42.i.0/24 for
 * the first 256 nodes (K3s's default cluster CIDR), then 10.64.0.0/24, 10.64.1.0/24 … for larger
 * simulations; pods get .2 to .254 of it, lowest free first (.1 is the node's bridge address, as
 * flannel's cni0 has it). An address is held by the pod's uid until released. Thread-safe.
 */
final class PodIps {

    static final int FIRST = 2;
    static final int LAST = 254;

    private final Map<Integer, BitSet> used = new HashMap<>();
    private final Map<String, String> byUid = new HashMap<>();

    static String podCidr(int node) {
        return prefix(node) + "0/24";
    }

    /** The first three octets of the node's /24, with the trailing dot. */
    static String prefix(int node) {
        if (node < 256) {
            return "10.42." + node + ".";
        }
        int n = node - 256;
        return "10." + (64 + n / 256) + "." + (n % 256) + ".";
    }

    /** The node's InternalIP: 10.200.x.y from the node's index, never .0 in the last octet. */
    static String nodeIp(int node) {
        int n = node + 1;
        return "10.200." + (n / 255) + "." + (n % 255 == 0 ? 255 : n % 255);
    }

    /** The address held by {@code uid}, else the lowest free one on {@code node}; empty when the /24 is full. */
    synchronized Optional<String> allocate(int node, String uid) {
        String held = byUid.get(uid);
        if (held != null) {
            return Optional.of(held);
        }
        BitSet bits = used.computeIfAbsent(node, k -> new BitSet());
        int host = bits.nextClearBit(FIRST);
        if (host > LAST) {
            return Optional.empty();
        }
        bits.set(host);
        String ip = prefix(node) + host;
        byUid.put(uid, ip);
        return Optional.of(ip);
    }

    /** Records an address a pod already has (found at start); false when it is not in the node's range or taken. */
    synchronized boolean reserve(int node, String uid, String ip) {
        String prefix = prefix(node);
        if (ip == null || !ip.startsWith(prefix)) {
            return false;
        }
        int host;
        try {
            host = Integer.parseInt(ip.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return false;
        }
        if (host < FIRST || host > LAST) {
            return false;
        }
        if (ip.equals(byUid.get(uid))) {
            return true;
        }
        BitSet bits = used.computeIfAbsent(node, k -> new BitSet());
        if (bits.get(host) || byUid.containsKey(uid)) {
            return false;
        }
        bits.set(host);
        byUid.put(uid, ip);
        return true;
    }

    synchronized void release(String uid) {
        String ip = byUid.remove(uid);
        if (ip == null) {
            return;
        }
        String[] octets = ip.split("\\.");
        BitSet bits = used.get(Integer.parseInt(octets[2]));
        if (bits != null) {
            bits.clear(Integer.parseInt(octets[3]));
        }
    }

    synchronized int inUse(int node) {
        BitSet bits = used.get(node);
        return bits == null ? 0 : bits.cardinality();
    }
}
