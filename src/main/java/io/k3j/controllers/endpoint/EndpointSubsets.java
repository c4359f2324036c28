package io.k3j.controllers.endpoint;

import io.k3j.api.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Endpoints subsets as values: building, repacking (upstream's RepackSubsets: every address is
 * grouped with exactly the set of ports it offers, so addresses with equal port sets share one
 * subset), deterministic ordering, truncation at capacity, and JSON. Pure functions.
 */
public final class EndpointSubsets {

    /** Upstream's maxCapacity of one Endpoints object. */
    public static final int MAX_CAPACITY = 1000;

    private EndpointSubsets() {
    }

    /** One address: the pod IP with where it runs and which pod it is. */
    public record Address(String ip, String hostname, String nodeName, String podNamespace, String podName,
                          String podUid) {

        static final Comparator<Address> ORDER = Comparator.comparing(Address::ip)
                .thenComparing(a -> Objects.toString(a.podUid, ""));

        String key() {
            return ip + "/" + Objects.toString(podUid, "");
        }

        ObjectNode toJson() {
            ObjectNode a = Json.object();
            a.put("ip", ip);
            if (hostname != null && !hostname.isEmpty()) {
                a.put("hostname", hostname);
            }
            if (nodeName != null && !nodeName.isEmpty()) {
                a.put("nodeName", nodeName);
            }
            if (podName != null) {
                ObjectNode ref = a.putObject("targetRef");
                ref.put("kind", "Pod");
                ref.put("namespace", podNamespace);
                ref.put("name", podName);
                ref.put("uid", podUid);
            }
            return a;
        }
    }

    /** One port; {@code name} may be empty, {@code appProtocol} null. */
    public record Port(String name, int port, String protocol, String appProtocol) {

        static final Comparator<Port> ORDER = Comparator.comparing(Port::name).thenComparingInt(Port::port)
                .thenComparing(Port::protocol).thenComparing(p -> Objects.toString(p.appProtocol, ""));

        ObjectNode toJson() {
            ObjectNode p = Json.object();
            if (!name.isEmpty()) {
                p.put("name", name);
            }
            p.put("port", port);
            p.put("protocol", protocol);
            if (appProtocol != null) {
                p.put("appProtocol", appProtocol);
            }
            return p;
        }
    }

    /** A subset: ready and not-ready addresses offering the same ports. */
    public record Subset(List<Address> addresses, List<Address> notReadyAddresses, List<Port> ports) {

        public int size() {
            return addresses.size() + notReadyAddresses.size();
        }

        ObjectNode toJson() {
            ObjectNode s = Json.object();
            if (!addresses.isEmpty()) {
                ArrayNode a = s.putArray("addresses");
                addresses.forEach(x -> a.add(x.toJson()));
            }
            if (!notReadyAddresses.isEmpty()) {
                ArrayNode a = s.putArray("notReadyAddresses");
                notReadyAddresses.forEach(x -> a.add(x.toJson()));
            }
            if (!ports.isEmpty()) {
                ArrayNode a = s.putArray("ports");
                ports.forEach(x -> a.add(x.toJson()));
            }
            return s;
        }

        String sortKey() {
            StringBuilder b = new StringBuilder();
            addresses.forEach(a -> b.append(a.key()).append(','));
            b.append('|');
            notReadyAddresses.forEach(a -> b.append(a.key()).append(','));
            b.append('|');
            ports.forEach(p -> b.append(p).append(','));
            return b.toString();
        }
    }

    /** A subset of one address and at most one port, as the controller first builds them. */
    public static Subset single(Address address, Port port, boolean ready) {
        List<Port> ports = port == null ? List.of() : List.of(port);
        return ready ? new Subset(List.of(address), List.of(), ports) : new Subset(List.of(), List.of(address), ports);
    }

    /**
     * Regroups subsets so each address appears once per readiness with exactly the ports it
     * offers, merging addresses with equal port sets; an address ready for a port wins over the
     * same address listed not ready for it. Addresses without ports are kept (headless services).
     * Output is sorted: addresses by IP then pod uid, ports by name/port/protocol, subsets by content.
     */
    public static List<Subset> repack(List<Subset> subsets) {
        Port none = new Port("", -1, "", null);
        Map<String, Address> byKey = new HashMap<>();
        // address key -> readiness -> ports
        Map<String, Map<Boolean, TreeSet<Port>>> offered = new LinkedHashMap<>();
        for (Subset s : subsets) {
            List<Port> ports = s.ports().isEmpty() ? List.of(none) : s.ports();
            for (Port p : ports) {
                for (Address a : s.addresses()) {
                    byKey.putIfAbsent(a.key(), a);
                    offer(offered, a.key(), true, p);
                }
                for (Address a : s.notReadyAddresses()) {
                    byKey.putIfAbsent(a.key(), a);
                    offer(offered, a.key(), false, p);
                }
            }
        }
        // drop not-ready listings of ports the same address is ready for
        for (Map<Boolean, TreeSet<Port>> m : offered.values()) {
            TreeSet<Port> ready = m.get(true);
            TreeSet<Port> notReady = m.get(false);
            if (ready != null && notReady != null) {
                notReady.removeAll(ready);
                if (notReady.isEmpty()) {
                    m.remove(false);
                }
            }
        }
        // port set -> (ready, not ready) addresses
        Map<List<Port>, List<List<Address>>> groups = new HashMap<>();
        offered.forEach((key, m) -> m.forEach((ready, ports) -> {
            List<Port> set = ports.stream().filter(p -> p != none && p.port() > 0).toList();
            List<List<Address>> g = groups.computeIfAbsent(set, k -> List.of(new ArrayList<>(), new ArrayList<>()));
            g.get(ready ? 0 : 1).add(byKey.get(key));
        }));
        List<Subset> out = new ArrayList<>();
        groups.forEach((ports, g) -> {
            g.get(0).sort(Address.ORDER);
            g.get(1).sort(Address.ORDER);
            out.add(new Subset(List.copyOf(g.get(0)), List.copyOf(g.get(1)), ports));
        });
        out.sort(Comparator.comparing(Subset::sortKey));
        return out;
    }

    private static void offer(Map<String, Map<Boolean, TreeSet<Port>>> offered, String key, boolean ready, Port p) {
        offered.computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(ready, r -> new TreeSet<>(Port.ORDER)).add(p);
    }

    /** The total of ready and not-ready addresses. */
    public static int count(List<Subset> subsets) {
        return subsets.stream().mapToInt(Subset::size).sum();
    }

    /**
     * Cuts subsets holding more than {@code max} addresses down to {@code max}, as upstream:
     * not-ready addresses go first; when the ready ones alone exceed the capacity all not-ready
     * addresses are dropped and the ready ones are cut. Each subset keeps a share proportional
     * to its size (rounded up), the last ones taking what is left. Returns the input when it fits.
     */
    public static List<Subset> truncate(List<Subset> subsets, int max) {
        int ready = subsets.stream().mapToInt(s -> s.addresses().size()).sum();
        int notReady = subsets.stream().mapToInt(s -> s.notReadyAddresses().size()).sum();
        if (ready + notReady <= max) {
            return subsets;
        }
        boolean cutReady = ready > max;
        int budget = cutReady ? max : max - ready;
        int total = cutReady ? ready : notReady;
        int left = budget;
        List<Subset> out = new ArrayList<>();
        for (Subset s : subsets) {
            int inSubset = cutReady ? s.addresses().size() : s.notReadyAddresses().size();
            int share = total == 0 ? 0 : (int) Math.ceil((double) inSubset / total * budget);
            share = Math.min(share, left);
            if (cutReady) {
                List<Address> kept = s.addresses().subList(0, Math.min(share, s.addresses().size()));
                left -= kept.size();
                out.add(new Subset(List.copyOf(kept), List.of(), s.ports()));
            } else {
                List<Address> kept = s.notReadyAddresses().subList(0, Math.min(share, s.notReadyAddresses().size()));
                left -= kept.size();
                out.add(new Subset(s.addresses(), List.copyOf(kept), s.ports()));
            }
        }
        return out;
    }

    public static ArrayNode toJson(List<Subset> subsets) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        subsets.forEach(s -> a.add(s.toJson()));
        return a;
    }
}
