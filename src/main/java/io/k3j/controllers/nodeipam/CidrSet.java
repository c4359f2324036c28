package io.k3j.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * Upstream's cidrset: the subnets of one IPv4 cluster CIDR cut at the node mask size (a /16 at
 * /24 gives 256 subnets), each free or used. {@link #allocateNext} hands out the next free subnet
 * after the last one it handed out, wrapping around, as upstream does, so a released subnet is not
 * reused at once. Thread-safe.
 */
final class CidrSet {

    /** At most 2^16 subnets, as upstream. */
    static final int MAX_PREFIX_DIFFERENCE = 16;

    private final int base;
    private final int clusterBits;
    private final int nodeBits;
    private final int size;
    private final BitSet used;
    private int nextCandidate;

    CidrSet(String clusterCidr, int nodeMaskSize) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(clusterCidr);
        if (nodeMaskSize < cidr.bits() || nodeMaskSize > 32) {
            throw new IllegalArgumentException("node mask size /" + nodeMaskSize + " does not fit in cluster CIDR "
                    + clusterCidr);
        }
        if (nodeMaskSize - cidr.bits() > MAX_PREFIX_DIFFERENCE) {
            throw new IllegalArgumentException("cluster CIDR " + clusterCidr + " at /" + nodeMaskSize
                    + " has more than 2^" + MAX_PREFIX_DIFFERENCE + " subnets");
        }
        this.base = cidr.network();
        this.clusterBits = cidr.bits();
        this.nodeBits = nodeMaskSize;
        this.size = 1 << (nodeMaskSize - cidr.bits());
        this.used = new BitSet(size);
    }

    /** The next free subnet, marked used; empty when every subnet is used. */
    synchronized Optional<String> allocateNext() {
        for (int i = 0; i < size; i++) {
            int candidate = (nextCandidate + i) % size;
            if (!used.get(candidate)) {
                used.set(candidate);
                nextCandidate = (candidate + 1) % size;
                return Optional.of(subnet(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Marks every subnet {@code cidr} overlaps as used (a CIDR already set on a node); false when it
     * does not parse or lies outside the cluster CIDR, which changes nothing.
     */
    synchronized boolean occupy(String cidr) {
        int[] range = range(cidr);
        if (range == null) {
            return false;
        }
        used.set(range[0], range[1] + 1);
        return true;
    }

    /** Marks the subnets {@code cidr} overlaps free again; false when it is not in the cluster CIDR. */
    synchronized boolean release(String cidr) {
        int[] range = range(cidr);
        if (range == null) {
            return false;
        }
        used.clear(range[0], range[1] + 1);
        return true;
    }

    synchronized boolean isUsed(String cidr) {
        int[] range = range(cidr);
        return range != null && used.get(range[0], range[1] + 1).cardinality() == range[1] - range[0] + 1;
    }

    synchronized int free() {
        return size - used.cardinality();
    }

    /** The subnet indexes [first, last] a CIDR overlaps, or null when it is outside the cluster CIDR. */
    private int[] range(String cidr) {
        Ipv4Cidr c;
        try {
            c = Ipv4Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            return null;
        }
        long clusterFirst = Integer.toUnsignedLong(base);
        long clusterLast = clusterFirst + (1L << (32 - clusterBits)) - 1;
        long first = Integer.toUnsignedLong(c.network());
        long last = first + (1L << (32 - c.bits())) - 1;
        if (last < clusterFirst || first > clusterLast) {
            return null;
        }
        first = Math.max(first, clusterFirst);
        last = Math.min(last, clusterLast);
        int shift = 32 - nodeBits;
        return new int[] {(int) ((first - clusterFirst) >> shift), (int) ((last - clusterFirst) >> shift)};
    }

    private String subnet(int index) {
        int network = base + (index << (32 - nodeBits));
        return Ipv4Cidr.format(network) + "/" + nodeBits;
    }
}
