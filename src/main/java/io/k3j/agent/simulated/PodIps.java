package io.k3j.agent.simulated;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pod addresses of simulated nodes. Each node has an IPv4 pod CIDR (a /24 from node IPAM, or for
 * the server's numbered nodes 10.42.i.0/24 for the first 256, then 10.64.0.0/24, 10.64.1.0/24 …);
 * pods get its second to last-but-one addresses (.2 to .254 of a /24), lowest free first (.1 is
 * the node's bridge address, as flannel's cni0 has it). An address is held by the pod's uid until
 * released. Thread-safe.
 */
final class PodIps {

    static final int FIRST = 2;

    /** A node's addresses: the CIDR's network, its size, and which hosts are taken. */
    private record Range(int network, int size, BitSet used) {
    }

    private record Held(String node, int host, String ip) {
    }

    private final Map<String, Range> ranges = new HashMap<>();
    private final Map<String, Held> byUid = new HashMap<>();

    static String podCidr(int node) {
        if (node < 256) {
            return "10.42." + node + ".0/24";
        }
        int n = node - 256;
        return "10." + (64 + n / 256) + "." + (n % 256) + ".0/24";
    }

    /** The node's InternalIP: 10.200.x.y from the node's index, never .0 in the last octet. */
    static String nodeIp(int node) {
        int n = node + 1;
        return "10.200." + (n / 255) + "." + (n % 255 == 0 ? 255 : n % 255);
    }

    /**
     * The address held by {@code uid}, else the lowest free one of {@code node}'s {@code cidr}; empty
     * when the range is full. IllegalArgumentException for a CIDR that is not IPv4 with room for pods.
     */
    synchronized Optional<String> allocate(String node, String cidr, String uid) {
        Held held = byUid.get(uid);
        if (held != null) {
            return Optional.of(held.ip());
        }
        Range range = range(node, cidr);
        int host = range.used().nextClearBit(FIRST);
        if (host > range.size() - 2) {
            return Optional.empty();
        }
        range.used().set(host);
        String ip = format(range.network() + host);
        byUid.put(uid, new Held(node, host, ip));
        return Optional.of(ip);
    }

    /** Records an address a pod already has (found at start); false when it is not in the node's range or taken. */
    synchronized boolean reserve(String node, String cidr, String uid, String ip) {
        Range range;
        int address;
        try {
            range = range(node, cidr);
            address = parseAddress(ip);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int host = address - range.network();
        if (host < FIRST || host > range.size() - 2) {
            return false;
        }
        Held held = byUid.get(uid);
        if (held != null) {
            return held.ip().equals(ip);
        }
        if (range.used().get(host)) {
            return false;
        }
        range.used().set(host);
        byUid.put(uid, new Held(node, host, ip));
        return true;
    }

    synchronized void release(String uid) {
        Held held = byUid.remove(uid);
        if (held == null) {
            return;
        }
        Range range = ranges.get(held.node());
        if (range != null) {
            range.used().clear(held.host());
        }
    }

    synchronized int inUse(String node) {
        Range range = ranges.get(node);
        return range == null ? 0 : range.used().cardinality();
    }

    /** The node's range; a node whose CIDR changed (registered again) starts afresh. */
    private Range range(String node, String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid pod CIDR " + cidr);
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid pod CIDR " + cidr);
        }
        if (bits < 16 || bits > 30) {
            throw new IllegalArgumentException("pod CIDR " + cidr + " must be an IPv4 /16 to /30");
        }
        int network = parseAddress(cidr.substring(0, slash)) & (-1 << (32 - bits));
        int size = 1 << (32 - bits);
        Range range = ranges.get(node);
        if (range == null || range.network() != network || range.size() != size) {
            range = new Range(network, size, new BitSet(size));
            ranges.put(node, range);
        }
        return range;
    }

    private static int parseAddress(String ip) {
        String[] octets = ip == null ? new String[0] : ip.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int address = 0;
        for (String o : octets) {
            int v;
            try {
                v = Integer.parseInt(o);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            if (v < 0 || v > 255 || o.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            address = address << 8 | v;
        }
        return address;
    }

    private static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }
}
