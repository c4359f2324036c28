package io.k3j.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Table columns for each kind, matching what upstream's printers show (NAME/AGE for kinds
 * unknown here). Look up by qualified resource ("pods", "deployments.apps"); the kinds beyond the
 * core ones here are in the per-group classes of this package.
 */
public final class Printers {

    private Printers() {
    }

    /** A printer made of its columns and a row function. */
    record Printer(List<Column> columns, BiFunction<ObjectNode, Instant, List<Object>> row)
            implements TableConvertor {
        @Override
        public List<Object> cells(ObjectNode obj, Instant now) {
            return row.apply(obj, now);
        }
    }

    public static final TableConvertor DEFAULT = new Printer(List.of(Column.ofName(), Column.ofAge()),
            (o, now) -> List.of(Cells.name(o), Cells.age(o, now)));

    private static final Map<String, TableConvertor> BY_RESOURCE = Map.ofEntries(
            Map.entry("namespaces", new Printer(List.of(Column.ofName(),
                    Column.ofString("Status", "The status of the namespace"), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), Cells.text(o.path("status").path("phase"), ""), Cells.age(o, now)))),
            Map.entry("configmaps", new Printer(List.of(Column.ofName(),
                    Column.ofString("Data", "Data contains the configuration data."), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), Cells.size(o.path("data")) + Cells.size(o.path("binaryData")),
                            Cells.age(o, now)))),
            Map.entry("secrets", new Printer(List.of(Column.ofName(),
                    Column.ofString("Type", "The type of the secret"),
                    Column.ofString("Data", "The number of entries in the data field"), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), Cells.text(o.path("type"), "Opaque"),
                            Cells.size(o.path("data")) + Cells.size(o.path("stringData")), Cells.age(o, now)))),
            Map.entry("serviceaccounts", new Printer(List.of(Column.ofName(),
                    Column.ofString("Secrets", "Secrets is a list of the secrets in the same namespace"), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), Cells.size(o.path("secrets")), Cells.age(o, now)))),
            Map.entry("endpoints", new Printer(List.of(Column.ofName(),
                    Column.ofString("Endpoints", "Endpoints is the list of endpoints"), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), endpoints(o), Cells.age(o, now)))),
            Map.entry("services", new Printer(List.of(Column.ofName(),
                    Column.ofString("Type", "The type of service"),
                    Column.ofString("Cluster-IP", "The cluster IP of the service"),
                    Column.ofString("External-IP", "The external IP of the service"),
                    Column.ofString("Port(s)", "The ports of the service"), Column.ofAge(),
                    Column.ofWide("Selector", "The selector of the service")),
                    (o, now) -> List.of(Cells.name(o), Cells.text(o.path("spec").path("type"), "ClusterIP"),
                            Cells.orNone(Cells.text(o.path("spec").path("clusterIP"), "")), externalIp(o),
                            ports(o), Cells.age(o, now), Cells.selector(o.path("spec").path("selector"))))),
            Map.entry("pods", new Printer(List.of(Column.ofName(),
                    Column.ofString("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                    Column.ofString("Status", "The aggregate status of the containers in this pod."),
                    Column.ofString("Restarts", "The number of times the containers in this pod have been restarted"),
                    Column.ofAge(),
                    Column.ofWide("IP", "The IP address assigned to the pod"),
                    Column.ofWide("Node", "The name of the node the pod is scheduled on"),
                    Column.ofWide("Nominated Node", "The node the pod is nominated to run on"),
                    Column.ofWide("Readiness Gates", "The readiness gates of the pod")),
                    Printers::pod)),
            Map.entry("nodes", new Printer(List.of(Column.ofName(),
                    Column.ofString("Status", "The status of the node"),
                    Column.ofString("Roles", "The roles of the node"), Column.ofAge(),
                    Column.ofString("Version", "Kubelet Version reported by the node."),
                    Column.ofWide("Internal-IP", "List of internal IPs."),
                    Column.ofWide("External-IP", "List of external IPs."),
                    Column.ofWide("OS-Image", "OS image reported by the node."),
                    Column.ofWide("Kernel-Version", "Kernel version reported by the node."),
                    Column.ofWide("Container-Runtime", "Container runtime reported by the node.")),
                    Printers::node)),
            Map.entry("deployments.apps", new Printer(List.of(Column.ofName(),
                    Column.ofString("Ready", "Number of the pod with ready state"),
                    Column.ofString("Up-to-date", "Total number of non-terminated pods targeted by this deployment that"
                            + " have the desired template spec."),
                    Column.ofString("Available", "Total number of available pods (ready for at least minReadySeconds)"
                            + " targeted by this deployment."), Column.ofAge(),
                    Column.ofWide("Containers", "Names of each container in the template."),
                    Column.ofWide("Images", "Images referenced by each container in the template."),
                    Column.ofWide("Selector", "Label selector for pods.")),
                    (o, now) -> List.of(Cells.name(o),
                            o.path("status").path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1),
                            o.path("status").path("updatedReplicas").asInt(0),
                            o.path("status").path("availableReplicas").asInt(0), Cells.age(o, now),
                            Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                            Cells.containers(o.path("spec").path("template").path("spec"), "image"),
                            Cells.selector(o.path("spec").path("selector").path("matchLabels"))))),
            Map.entry("replicasets.apps", new Printer(List.of(Column.ofName(),
                    Column.ofInteger("Desired", "Number of desired pods."),
                    Column.ofInteger("Current", "Number of actual replicas."),
                    Column.ofInteger("Ready", "The number of ready replicas for this replica set."), Column.ofAge(),
                    Column.ofWide("Containers", "Names of each container in the template."),
                    Column.ofWide("Images", "Images referenced by each container in the template."),
                    Column.ofWide("Selector", "Label selector for pods.")),
                    (o, now) -> List.of(Cells.name(o), o.path("spec").path("replicas").asInt(1),
                            o.path("status").path("replicas").asInt(0), o.path("status").path("readyReplicas").asInt(0),
                            Cells.age(o, now),
                            Cells.containers(o.path("spec").path("template").path("spec"), "name"),
                            Cells.containers(o.path("spec").path("template").path("spec"), "image"),
                            Cells.labelSelector(o.path("spec").path("selector"))))),
            Map.entry("leases.coordination.k8s.io", new Printer(List.of(Column.ofName(),
                    Column.ofString("Holder", "The holder of the lease"), Column.ofAge()),
                    (o, now) -> List.of(Cells.name(o), Cells.text(o.path("spec").path("holderIdentity"), ""),
                            Cells.age(o, now)))));

    private static final Map<String, TableConvertor> MORE = merged(WorkloadPrinters.all(), EventPrinters.all(),
            StoragePrinters.all(), NetworkingPrinters.all(), PolicyPrinters.all());

    public static TableConvertor forResource(String qualifiedResource) {
        TableConvertor p = BY_RESOURCE.get(qualifiedResource);
        return p != null ? p : MORE.getOrDefault(qualifiedResource, DEFAULT);
    }

    @SafeVarargs
    private static Map<String, TableConvertor> merged(Map<String, TableConvertor>... groups) {
        Map<String, TableConvertor> all = new java.util.HashMap<>();
        for (Map<String, TableConvertor> g : groups) {
            all.putAll(g);
        }
        return Map.copyOf(all);
    }

    private static String endpoints(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode subset : o.path("subsets")) {
            for (JsonNode addr : subset.path("addresses")) {
                JsonNode ports = subset.path("ports");
                if (ports.isEmpty()) {
                    out.add(addr.path("ip").asString(""));
                }
                for (JsonNode p : ports) {
                    out.add(addr.path("ip").asString("") + ":" + p.path("port").asInt());
                }
            }
        }
        if (out.isEmpty()) {
            return "<none>";
        }
        return out.size() > 3 ? String.join(",", out.subList(0, 3)) + " + " + (out.size() - 3) + " more..."
                : String.join(",", out);
    }

    private static String externalIp(ObjectNode o) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : o.path("spec").path("externalIPs")) {
            ips.add(ip.asString(""));
        }
        for (JsonNode ing : o.path("status").path("loadBalancer").path("ingress")) {
            ips.add(ing.has("ip") ? ing.path("ip").asString("") : ing.path("hostname").asString(""));
        }
        if (!ips.isEmpty()) {
            return String.join(",", ips);
        }
        String type = o.path("spec").path("type").asString("ClusterIP");
        if (type.equals("LoadBalancer")) {
            return "<pending>";
        }
        if (type.equals("ExternalName")) {
            return o.path("spec").path("externalName").asString("<none>");
        }
        return "<none>";
    }

    private static String ports(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : o.path("spec").path("ports")) {
            String s = Integer.toString(p.path("port").asInt());
            if (p.has("nodePort")) {
                s += ":" + p.path("nodePort").asInt();
            }
            out.add(s + "/" + p.path("protocol").asString("TCP"));
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    private static List<Object> pod(ObjectNode o, Instant now) {
        JsonNode statuses = o.path("status").path("containerStatuses");
        int total = o.path("spec").path("containers").size();
        int ready = 0;
        int restarts = 0;
        String reason = o.path("status").path("reason").asString("");
        if (reason.isEmpty()) {
            reason = o.path("status").path("phase").asString("Pending");
        }
        for (JsonNode cs : statuses) {
            if (cs.path("ready").asBoolean(false)) {
                ready++;
            }
            restarts += cs.path("restartCount").asInt(0);
            JsonNode waiting = cs.path("state").path("waiting").path("reason");
            JsonNode terminated = cs.path("state").path("terminated").path("reason");
            if (waiting.isString() && !waiting.asString().isEmpty()) {
                reason = waiting.asString();
            } else if (terminated.isString() && !terminated.asString().isEmpty()) {
                reason = terminated.asString();
            }
        }
        if (o.path("metadata").has("deletionTimestamp")) {
            reason = "Terminating";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(o));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restarts);
        cells.add(Cells.age(o, now));
        cells.add(Cells.orNone(o.path("status").path("podIP").asString("")));
        cells.add(Cells.orNone(o.path("spec").path("nodeName").asString("")));
        cells.add(Cells.orNone(o.path("status").path("nominatedNodeName").asString("")));
        cells.add(o.path("spec").path("readinessGates").isEmpty() ? "<none>"
                : o.path("spec").path("readinessGates").size() + "");
        return cells;
    }

    private static List<Object> node(ObjectNode o, Instant now) {
        String status = "Unknown";
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                status = "True".equals(c.path("status").asString("")) ? "Ready" : "NotReady";
            }
        }
        if (o.path("spec").path("unschedulable").asBoolean(false)) {
            status += ",SchedulingDisabled";
        }
        List<String> roles = new ArrayList<>();
        for (Map.Entry<String, JsonNode> l : o.path("metadata").path("labels").properties()) {
            if (l.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(l.getKey().substring("node-role.kubernetes.io/".length()));
            }
        }
        java.util.Collections.sort(roles);
        String internal = "";
        String external = "";
        for (JsonNode a : o.path("status").path("addresses")) {
            if ("InternalIP".equals(a.path("type").asString("")) && internal.isEmpty()) {
                internal = a.path("address").asString("");
            }
            if ("ExternalIP".equals(a.path("type").asString("")) && external.isEmpty()) {
                external = a.path("address").asString("");
            }
        }
        JsonNode info = o.path("status").path("nodeInfo");
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(o));
        cells.add(status);
        cells.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
        cells.add(Cells.age(o, now));
        cells.add(info.path("kubeletVersion").asString(""));
        cells.add(Cells.orNone(internal));
        cells.add(Cells.orNone(external));
        cells.add(info.path("osImage").asString("<unknown>"));
        cells.add(info.path("kernelVersion").asString("<unknown>"));
        cells.add(info.path("containerRuntimeVersion").asString("<unknown>"));
        return cells;
    }
}
