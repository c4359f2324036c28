package io.k3j.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The DNS names and IP addresses the API serving certificate must carry: loopback, localhost,
 * the host name, the in-cluster {@code kubernetes} service names and address, node addresses
 * and every {@code --tls-san}.
 */
public record ServingNames(List<String> dnsNames, List<InetAddress> ips) {

    public static ServingNames of(ServerConfig config, String hostname, List<InetAddress> nodeAddresses) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        ips.add(ip("127.0.0.1"));
        ips.add(ip("::1"));
        dns.add("localhost");
        if (hostname != null && !hostname.isBlank()) {
            dns.add(hostname);
        }
        dns.add("kubernetes");
        dns.add("kubernetes.default");
        dns.add("kubernetes.default.svc");
        dns.add("kubernetes.default.svc." + config.clusterDomain());
        for (String cidr : config.serviceCidr().split(",")) {
            ips.add(Cidrs.firstHost(cidr.strip()));
        }
        ips.addAll(nodeAddresses);
        for (String nodeIp : config.nodeIps()) {
            ips.add(ip(nodeIp));
        }
        if (config.advertiseAddress() != null && !config.advertiseAddress().isBlank()) {
            ips.add(ip(config.advertiseAddress()));
        }
        for (String san : config.tlsSans()) {
            if (Cidrs.isIpLiteral(san)) {
                ips.add(ip(san));
            } else if (!san.isBlank()) {
                dns.add(san);
            }
        }
        return new ServingNames(List.copyOf(dns), List.copyOf(ips));
    }

    /** The machine's own addresses: every up, non-loopback, non-link-local interface address. */
    public static List<InetAddress> localAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                        out.add(a instanceof Inet6Address ? ip(a.getHostAddress().replaceAll("%.*", "")) : a);
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to add
        }
        return out;
    }

    static InetAddress ip(String literal) {
        if (!Cidrs.isIpLiteral(literal)) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
