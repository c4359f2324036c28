package io.k3j.server;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** CIDR and IP-literal helpers. Stateless. */
public final class Cidrs {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

    private Cidrs() {
    }

    /** True if {@code s} is an IPv4 or IPv6 literal (never resolves a name). */
    public static boolean isIpLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return s.contains(":") && s.matches("[0-9a-fA-F:.]+");
    }

    /** The first usable address of a CIDR (network address + 1), e.g. 10.43.0.1 for 10.43.0.0/16. */
    public static InetAddress firstHost(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !isIpLiteral(cidr.substring(0, slash))) {
            throw new IllegalArgumentException("invalid CIDR: " + cidr);
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            byte[] addr = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int total = addr.length * 8;
            if (bits < 0 || bits > total) {
                throw new IllegalArgumentException("invalid CIDR prefix length: " + cidr);
            }
            BigInteger value = new BigInteger(1, addr);
            BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            BigInteger first = value.and(mask).add(BigInteger.ONE);
            byte[] raw = first.toByteArray();
            byte[] out = new byte[addr.length];
            int copy = Math.min(raw.length, out.length);
            System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
            return InetAddress.getByAddress(out);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("invalid CIDR: " + cidr, e);
        }
    }
}
