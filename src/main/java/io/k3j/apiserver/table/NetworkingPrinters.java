package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's table columns for the networking.k8s.io kinds and endpoint slices. */
final class NetworkingPrinters {

    private NetworkingPrinters() {
    }

    /** How many hosts, ports or addresses a cell lists before "+ N more...". */
    private static final int MAX_LISTED = 3;

    static Map<String, TableConvertor> all() {
        return Map.of(
                "ingresses.networking.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("Class", "The name of the IngressClass resource that should be used for"
                                + " additional configuration"),
                        Column.ofString("Hosts", "Hosts that incoming requests are matched against before the"
                                + " ingress rule"),
                        Column.ofString("Address", "Address is a list containing ingress points for the"
                                + " load-balancer"),
                        Column.ofString("Ports", "Ports of TLS configurations that open"), Column.ofAge()),
                        NetworkingPrinters::ingress),
                "ingressclasses.networking.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("Controller", "Controller that is responsible for handling this class"),
                        Column.ofString("Parameters", "A reference to a resource with additional parameters"),
                        Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), o.path("spec").path("controller").asString(""),
                                parameters(o.path("spec").path("parameters")), Cells.age(o, now))),
                "networkpolicies.networking.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("Pod-Selector", "Selects the pods to which this NetworkPolicy object"
                                + " applies."), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), Cells.labelSelector(o.path("spec").path("podSelector")),
                                Cells.age(o, now))),
                "endpointslices.discovery.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("AddressType", "addressType specifies the type of address carried by this"
                                + " EndpointSlice."),
                        Column.ofString("Ports", "ports specifies the list of network ports exposed by each endpoint"
                                + " in this slice."),
                        Column.ofString("Endpoints", "endpoints is a list of unique endpoints in this slice."),
                        Column.ofAge()),
                        NetworkingPrinters::endpointSlice));
    }

    private static List<Object> ingress(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode ing : o.path("status").path("loadBalancer").path("ingress")) {
            String ip = ing.path("ip").asString("");
            String host = ing.path("hostname").asString("");
            if (!ip.isEmpty()) {
                addresses.add(ip);
            } else if (!host.isEmpty()) {
                addresses.add(host);
            }
        }
        return List.of(Cells.name(o), Cells.orNone(spec.path("ingressClassName").asString("")),
                hosts(spec.path("rules")), String.join(",", addresses),
                spec.path("tls").isEmpty() ? "80" : "80, 443", Cells.age(o, now));
    }

    /**
     * The rules' hosts, "*" when none names one. Once three are listed, any further rule makes the cell end in
     * "+ N more..." where N counts the rules (with or without a host) beyond three, as upstream does.
     */
    private static String hosts(JsonNode rules) {
        List<String> hosts = new ArrayList<>();
        boolean more = false;
        for (JsonNode rule : rules) {
            if (hosts.size() == MAX_LISTED) {
                more = true;
                break;
            }
            String host = rule.path("host").asString("");
            if (!host.isEmpty()) {
                hosts.add(host);
            }
        }
        if (hosts.isEmpty()) {
            return "*";
        }
        String joined = String.join(",", hosts);
        return more ? joined + " + " + (rules.size() - MAX_LISTED) + " more..." : joined;
    }

    private static String parameters(JsonNode p) {
        if (!p.isObject()) {
            return "<none>";
        }
        String kind = p.path("kind").asString("");
        JsonNode group = p.path("apiGroup");
        if (group.isString()) {
            kind += "." + group.asString();
        }
        return kind + "/" + p.path("name").asString("");
    }

    private static List<Object> endpointSlice(ObjectNode o, Instant now) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.path("ports")) {
            JsonNode port = p.path("port");
            JsonNode name = p.path("name");
            ports.add(port.canConvertToInt() ? Integer.toString(port.asInt())
                    : name.isString() ? name.asString() : "*");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode e : o.path("endpoints")) {
            for (JsonNode a : e.path("addresses")) {
                addresses.add(a.asString(""));
            }
        }
        return List.of(Cells.name(o), o.path("addressType").asString(""), listed(ports), listed(addresses),
                Cells.age(o, now));
    }

    /** The first three items joined, "+ N more..." for the rest, "<unset>" for none. */
    private static String listed(List<String> items) {
        if (items.isEmpty()) {
            return "<unset>";
        }
        if (items.size() > MAX_LISTED) {
            return String.join(",", items.subList(0, MAX_LISTED)) + " + " + (items.size() - MAX_LISTED) + " more...";
        }
        return String.join(",", items);
    }
}
