package io.k3j.scheduler.framework;

/** A host port a container asks for: IP ("0.0.0.0" for any), protocol and port. Immutable. */
public record HostPort(String ip, String protocol, int port) {

    /** Whether two host ports cannot both be bound (same port and protocol, overlapping IPs). */
    public boolean conflicts(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (ip.equals(o.ip) || ip.equals("0.0.0.0") || o.ip.equals("0.0.0.0"));
    }
}
