package io.k3j.controllers.nodeipam;

/** An IPv4 CIDR as its network address (host bits cleared) and prefix length. Immutable. */
record Ipv4Cidr(int network, int bits) {

    /** Parses {@code a.b.c.d/n}; host bits are cleared. */
    static Ipv4Cidr parse(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("no CIDR");
        }
        String s = cidr.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR " + cidr);
        }
        String[] octets = s.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        int address = 0;
        int bits;
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255 || o.isEmpty() || o.length() > 3) {
                    throw new IllegalArgumentException("invalid IPv4 address in " + cidr);
                }
                address = address << 8 | v;
            }
            bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR " + cidr, e);
        }
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("invalid prefix length in " + cidr);
        }
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return new Ipv4Cidr(address & mask, bits);
    }

    static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return format(network) + "/" + bits;
    }
}
