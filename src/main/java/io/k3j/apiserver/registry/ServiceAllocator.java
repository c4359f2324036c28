package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.watch.CachedObject;
import io.k3j.apiserver.watch.WatchFilter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Allocates Service cluster IPs from the service CIDR and node ports from 30000–32767, as
 * upstream's service REST storage does: a requested value is checked to be in range and free,
 * otherwise a free one is picked at random. What is in use comes from the services cache plus
 * recent allocations not yet visible there. Cluster IPs are immutable once set. Thread-safe.
 */
public final class ServiceAllocator implements Admission {

    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;
    private static final long RESERVATION_MILLIS = 30_000;

    private final GenericStore services;
    private final BigInteger network;
    private final int hostBits;
    private final int addressLength;
    private final Clock clock;
    private final Map<String, Long> reservedIps = new HashMap<>();
    private final Map<Integer, Long> reservedPorts = new HashMap<>();

    public ServiceAllocator(GenericStore services, String serviceCidr, Clock clock) {
        this.services = services;
        this.clock = clock;
        String cidr = serviceCidr.split(",")[0].strip();
        int slash = cidr.indexOf('/');
        try {
            byte[] addr = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            this.addressLength = addr.length;
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            this.hostBits = addr.length * 8 - bits;
            this.network = new BigInteger(1, addr).shiftRight(hostBits).shiftLeft(hostBits);
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("invalid service CIDR: " + serviceCidr, e);
        }
    }

    @Override
    public void admit(Attributes a) {
        if (a.isCreate()) {
            admitCreate(a.object(), a.dryRun());
        } else if (a.isUpdate()) {
            admitUpdate(a.object(), a.oldObject());
        }
    }

    private synchronized void admitCreate(ObjectNode svc, boolean dryRun) {
        ObjectNode spec = spec(svc);
        String type = spec.path("type").asString("ClusterIP");
        long now = clock.millis();
        reservedIps.values().removeIf(t -> now - t > RESERVATION_MILLIS);
        reservedPorts.values().removeIf(t -> now - t > RESERVATION_MILLIS);
        Set<String> usedIps = new HashSet<>(reservedIps.keySet());
        Set<Integer> usedPorts = new HashSet<>(reservedPorts.keySet());
        for (CachedObject o : services.cache().list(services.type().keyPrefix(), null, 0, WatchFilter.ALL).items()) {
            JsonNode s = o.object().path("spec");
            if (s.path("clusterIP").isString()) {
                usedIps.add(s.path("clusterIP").asString());
            }
            for (JsonNode p : s.path("ports")) {
                if (p.path("nodePort").canConvertToInt() && p.path("nodePort").asInt() > 0) {
                    usedPorts.add(p.path("nodePort").asInt());
                }
            }
        }
        if (!type.equals("ExternalName")) {
            String ip = spec.path("clusterIP").asString("");
            if (ip.isEmpty()) {
                ip = pickIp(usedIps, Meta.name(svc));
            } else if (!ip.equals("None")) {
                checkIp(ip, usedIps, Meta.name(svc));
            }
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
            if (!spec.path("ipFamilies").isArray() || spec.path("ipFamilies").isEmpty()) {
                spec.putArray("ipFamilies").add(addressLength == 4 ? "IPv4" : "IPv6");
            }
            if (!ip.equals("None") && !dryRun) {
                reservedIps.put(ip, now);
            }
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            for (JsonNode p : spec.path("ports")) {
                ObjectNode port = (ObjectNode) p;
                int np = port.path("nodePort").asInt(0);
                if (np == 0) {
                    np = pickPort(usedPorts, Meta.name(svc));
                } else if (np < NODE_PORT_MIN || np > NODE_PORT_MAX || usedPorts.contains(np)) {
                    throw invalid(Meta.name(svc), "spec.ports[].nodePort", np < NODE_PORT_MIN || np > NODE_PORT_MAX
                            ? "Invalid value: " + np + ": provided port is not in the valid range. The range of valid"
                                    + " ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX
                            : "Invalid value: " + np + ": provided port is already allocated");
                }
                port.put("nodePort", np);
                usedPorts.add(np);
                if (!dryRun) {
                    reservedPorts.put(np, now);
                }
            }
        }
    }

    private synchronized void admitUpdate(ObjectNode updated, ObjectNode old) {
        ObjectNode spec = spec(updated);
        JsonNode oldIp = old.path("spec").path("clusterIP");
        String newIp = spec.path("clusterIP").asString("");
        if (oldIp.isString() && !oldIp.asString().isEmpty()) {
            if (newIp.isEmpty()) {
                spec.put("clusterIP", oldIp.asString());
                spec.set("clusterIPs", old.path("spec").path("clusterIPs").deepCopy());
            } else if (!newIp.equals(oldIp.asString())) {
                throw invalid(Meta.name(updated), "spec.clusterIPs[0]", "Invalid value: []string{\"" + newIp
                        + "\"}: may not change once set");
            }
        }
        // keep allocated node ports the client left out
        JsonNode oldPorts = old.path("spec").path("ports");
        for (JsonNode p : spec.path("ports")) {
            if (p.path("nodePort").asInt(0) == 0) {
                for (JsonNode op : oldPorts) {
                    if (Objects.equals(op.path("port").asInt(), p.path("port").asInt())
                            && op.path("nodePort").asInt(0) > 0) {
                        ((ObjectNode) p).put("nodePort", op.path("nodePort").asInt());
                    }
                }
            }
        }
    }

    private String pickIp(Set<String> used, String name) {
        long size = hostBits >= 62 ? Long.MAX_VALUE : (1L << hostBits);
        if (size <= 3) {
            throw new ApiException(Status.internalError("the service CIDR is too small to allocate from"));
        }
        // skip the network address and the first host (the kubernetes service) and the last
        for (int attempt = 0; attempt < 1000; attempt++) {
            long offset = 2 + ThreadLocalRandom.current().nextLong(size - 3);
            String ip = address(offset);
            if (!used.contains(ip)) {
                return ip;
            }
        }
        for (long offset = 2; offset < Math.min(size - 1, 1 << 20); offset++) {
            String ip = address(offset);
            if (!used.contains(ip)) {
                return ip;
            }
        }
        throw new ApiException(new Status(500, "InternalError", "Internal error occurred: failed to allocate a"
                + " serviceIP: range is full", new Status.Details(name, "", "services", null, null)));
    }

    private void checkIp(String ip, Set<String> used, String name) {
        BigInteger v;
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length != addressLength || !ip.matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(ip);
            }
            v = new BigInteger(1, b);
        } catch (UnknownHostException e) {
            throw invalid(name, "spec.clusterIPs[0]", "Invalid value: \"" + ip + "\": must be a valid IP address");
        }
        if (!v.shiftRight(hostBits).shiftLeft(hostBits).equals(network)) {
            throw invalid(name, "spec.clusterIPs[0]", "Invalid value: \"" + ip + "\": failed to allocate IP " + ip
                    + ": provided IP is not in the valid range. The range of valid IPs is " + describeRange());
        }
        if (used.contains(ip)) {
            throw invalid(name, "spec.clusterIPs[0]", "Invalid value: \"" + ip + "\": failed to allocate IP " + ip
                    + ": provided IP is already allocated");
        }
    }

    private int pickPort(Set<Integer> used, String name) {
        int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int p = NODE_PORT_MIN + (start + i) % span;
            if (!used.contains(p)) {
                return p;
            }
        }
        throw invalid(name, "spec.ports[].nodePort", "Internal error: failed to allocate a nodePort: range is full");
    }

    private String address(long offset) {
        byte[] raw = network.add(BigInteger.valueOf(offset)).toByteArray();
        byte[] out = new byte[addressLength];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private String describeRange() {
        return address(0) + "/" + (addressLength * 8 - hostBits);
    }

    private static ObjectNode spec(ObjectNode svc) {
        JsonNode s = svc.get("spec");
        return s instanceof ObjectNode o ? o : svc.putObject("spec");
    }

    private static ApiException invalid(String name, String field, String message) {
        return new ApiException(Status.invalid("", "Service", name, List.of(
                new Status.Cause("FieldValueInvalid", message, field))));
    }
}
