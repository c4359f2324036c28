package io.k3j.agent.simulated;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The objects and statuses a simulated kubelet writes: nodes, their leases, pods' statuses. */
final class SimulatedStatus {

    static final String SIMULATED_LABEL = "k3j.io/simulated";
    static final String RUNTIME_ANNOTATION = "k3j.io/simulated-runtime";
    /** A non-zero exit code makes a pod that ends by itself fail with it instead of succeeding. */
    static final String EXIT_CODE_ANNOTATION = "k3j.io/simulated-exit-code";
    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_DURATION_SECONDS = 40;
    static final Duration JOB_POD_RUNTIME = Duration.ofSeconds(2);

    private SimulatedStatus() {
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** MicroTime, as leases carry it. */
    static String microTime(Instant t) {
        Instant m = t.truncatedTo(ChronoUnit.MICROS);
        return String.format(Locale.ROOT, "%s.%06dZ", m.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""),
                m.getNano() / 1000);
    }

    /**
     * Sets the node's labels (keeping others) and spec; a new node gets the taints it registers
     * with, an existing one keeps its taints and pod CIDR.
     */
    static ObjectNode node(ObjectNode existing, SimulatedNode n) {
        ObjectNode node = existing == null ? Json.object() : existing.deepCopy();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        ObjectNode meta = node.has("metadata") ? (ObjectNode) node.get("metadata") : node.putObject("metadata");
        meta.put("name", n.name());
        ObjectNode labels = meta.has("labels") && meta.get("labels").isObject()
                ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
        labels.put("kubernetes.io/hostname", n.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("node.kubernetes.io/instance-type", "k3j-simulated");
        labels.put(SIMULATED_LABEL, "true");
        n.labels().forEach(labels::put);
        ObjectNode spec = node.has("spec") && node.get("spec").isObject()
                ? (ObjectNode) node.get("spec") : node.putObject("spec");
        if (!spec.has("podCIDR") && n.podCidr() != null) {
            spec.put("podCIDR", n.podCidr());
            spec.putArray("podCIDRs").add(n.podCidr());
        }
        spec.put("providerID", "k3j-simulated://" + n.name());
        if (existing == null && !n.taints().isEmpty()) {
            ArrayNode taints = spec.putArray("taints");
            for (SimulatedNode.Taint t : n.taints()) {
                ObjectNode o = taints.addObject().put("key", t.key());
                if (!t.value().isEmpty()) {
                    o.put("value", t.value());
                }
                o.put("effect", t.effect());
            }
        }
        return node;
    }

    /** The node's status: fixed capacity, healthy conditions heartbeating at {@code now}. */
    static ObjectNode nodeStatus(ObjectNode previous, SimulatedNode n, String kubeletVersion, Instant now) {
        int index = n.ordinal();
        ObjectNode status = Json.object();
        for (String field : new String[] {"capacity", "allocatable"}) {
            ObjectNode r = status.putObject(field);
            r.put("cpu", "8");
            r.put("memory", "32Gi");
            r.put("pods", "110");
            r.put("ephemeral-storage", "100Gi");
        }
        ArrayNode conditions = status.putArray("conditions");
        condition(conditions, previous, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now);
        condition(conditions, previous, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure", now);
        condition(conditions, previous, "PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available", now);
        condition(conditions, previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", n.internalIp());
        addresses.addObject().put("type", "Hostname").put("address", n.name());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        ObjectNode info = status.putObject("nodeInfo");
        info.put("machineID", String.format(Locale.ROOT, "%032x", (long) index + 1));
        info.put("systemUUID", String.format(Locale.ROOT, "00000000-0000-0000-0000-%012x", (long) index + 1));
        info.put("bootID", String.format(Locale.ROOT, "00000000-0000-0000-0001-%012x", (long) index + 1));
        info.put("kernelVersion", "simulated");
        info.put("osImage", "k3j simulated node");
        info.put("containerRuntimeVersion", "simulated://1.0");
        info.put("kubeletVersion", kubeletVersion);
        info.put("kubeProxyVersion", kubeletVersion);
        info.put("operatingSystem", "linux");
        info.put("architecture", "amd64");
        return status;
    }

    private static void condition(ArrayNode conditions, ObjectNode previous, String type, String status,
                                  String reason, String message, Instant now) {
        String transition = time(now);
        if (previous != null) {
            for (JsonNode c : previous.path("conditions")) {
                if (type.equals(c.path("type").asString("")) && status.equals(c.path("status").asString(""))
                        && c.hasNonNull("lastTransitionTime")) {
                    transition = c.get("lastTransitionTime").asString();
                }
            }
        }
        conditions.addObject().put("type", type).put("status", status).put("lastHeartbeatTime", time(now))
                .put("lastTransitionTime", transition).put("reason", reason).put("message", message);
    }

    /** Whether the node carries the not-ready taint; {@link #withoutNotReadyTaint} removes it. */
    static boolean hasNotReadyTaint(ObjectNode node) {
        for (JsonNode t : node.path("spec").path("taints")) {
            if (NOT_READY_TAINT.equals(t.path("key").asString(""))) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode withoutNotReadyTaint(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        ObjectNode spec = (ObjectNode) copy.get("spec");
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode t : spec.path("taints")) {
            if (!NOT_READY_TAINT.equals(t.path("key").asString(""))) {
                kept.add(t);
            }
        }
        if (kept.isEmpty()) {
            spec.remove("taints");
        } else {
            spec.set("taints", kept);
        }
        return copy;
    }

    static ObjectNode lease(ObjectNode node, Instant now) {
        ObjectNode lease = Json.object();
        lease.put("apiVersion", "coordination.k8s.io/v1");
        lease.put("kind", "Lease");
        ObjectNode meta = lease.putObject("metadata");
        meta.put("name", Meta.name(node));
        meta.put("namespace", NODE_LEASE_NAMESPACE);
        meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
                .put("name", Meta.name(node)).put("uid", Meta.uid(node));
        ObjectNode spec = lease.putObject("spec");
        spec.put("holderIdentity", Meta.name(node));
        spec.put("leaseDurationSeconds", LEASE_DURATION_SECONDS);
        spec.put("renewTime", microTime(now));
        return lease;
    }

    /** Whether the pod ends by itself: restartPolicy Never/OnFailure and owned by a Job or given a runtime. */
    static Duration runtime(ObjectNode pod) {
        String policy = pod.path("spec").path("restartPolicy").asString("Always");
        if (policy.equals("Always")) {
            return null;
        }
        String annotated = pod.path("metadata").path("annotations").path(RUNTIME_ANNOTATION).asString("");
        if (!annotated.isEmpty()) {
            Duration d = parseDuration(annotated);
            if (d != null) {
                return d;
            }
        }
        for (JsonNode o : pod.path("metadata").path("ownerReferences")) {
            if ("Job".equals(o.path("kind").asString(""))) {
                return JOB_POD_RUNTIME;
            }
        }
        return null;
    }

    /** "5s", "500ms", "2m", "1h" or a plain number of seconds; null when unreadable. */
    static Duration parseDuration(String text) {
        String s = text.strip();
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            String number = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
            long n = Long.parseLong(number);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Character.isDigit(unit) ? Duration.ofSeconds(n) : null;
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The status of a pod whose containers all started at {@code now}. */
    static ObjectNode running(ObjectNode pod, String hostIp, String podIp, Instant now) {
        ObjectNode status = pod.path("status").isObject() ? ((ObjectNode) pod.get("status")).deepCopy() : Json.object();
        String t = time(now);
        String start = status.path("startTime").asString(t);
        status.put("phase", "Running");
        status.put("hostIP", hostIp);
        status.putArray("hostIPs").addObject().put("ip", hostIp);
        status.put("podIP", podIp);
        status.putArray("podIPs").addObject().put("ip", podIp);
        status.put("startTime", start);
        status.put("qosClass", status.path("qosClass").asString(qosClass(pod)));
        ArrayNode conditions = status.putArray("conditions");
        for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled"}) {
            conditions.addObject().put("type", type).put("status", "True").putNull("lastProbeTime")
                    .put("lastTransitionTime", t);
        }
        String uid = Meta.uid(pod);
        ArrayNode init = Json.MAPPER.createArrayNode();
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            ObjectNode cs = containerStatus(c, uid, false, false);
            cs.putObject("state").putObject("terminated").put("exitCode", 0).put("reason", "Completed")
                    .put("startedAt", t).put("finishedAt", t).put("containerID", cs.get("containerID").asString());
            init.add(cs);
        }
        if (init.isEmpty()) {
            status.remove("initContainerStatuses");
        } else {
            status.set("initContainerStatuses", init);
        }
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode c : pod.path("spec").path("containers")) {
            ObjectNode cs = containerStatus(c, uid, true, true);
            cs.putObject("state").putObject("running").put("startedAt", t);
            containers.add(cs);
        }
        return status;
    }

    /** The exit code the pod's containers end with: its {@code k3j.io/simulated-exit-code} annotation, else 0. */
    static int exitCode(ObjectNode pod) {
        String v = pod.path("metadata").path("annotations").path(EXIT_CODE_ANNOTATION).asString("").strip();
        try {
            return v.isEmpty() ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The status of a pod whose containers all exited 0 at {@code now}. */
    static ObjectNode succeeded(ObjectNode pod, Instant now) {
        return terminated(pod, 0, now);
    }

    /**
     * The status of a pod whose containers all exited with {@code exitCode} at {@code now}: phase
     * Succeeded with reason Completed for 0, else Failed with reason Error.
     */
    static ObjectNode terminated(ObjectNode pod, int exitCode, Instant now) {
        ObjectNode status = pod.path("status").isObject() ? ((ObjectNode) pod.get("status")).deepCopy() : Json.object();
        String t = time(now);
        boolean ok = exitCode == 0;
        status.put("phase", ok ? "Succeeded" : "Failed");
        for (JsonNode c : status.path("conditions")) {
            String type = c.path("type").asString("");
            if (type.equals("Ready") || type.equals("ContainersReady")) {
                ((ObjectNode) c).put("status", "False").put("reason", ok ? "PodCompleted" : "PodFailed")
                        .put("lastTransitionTime", t);
            }
            if (type.equals("PodReadyToStartContainers")) {
                ((ObjectNode) c).put("status", "False").put("lastTransitionTime", t);
            }
        }
        for (JsonNode c : status.path("containerStatuses")) {
            ObjectNode cs = (ObjectNode) c;
            String started = cs.path("state").path("running").path("startedAt").asString(t);
            cs.put("ready", false).put("started", false);
            cs.putObject("state").putObject("terminated").put("exitCode", exitCode)
                    .put("reason", ok ? "Completed" : "Error").put("startedAt", started).put("finishedAt", t).put("containerID", cs.path("containerID").asString(""));
        }
        return status;
    }

    private static ObjectNode containerStatus(JsonNode container, String podUid, boolean ready, boolean started) {
        String name = container.path("name").asString("");
        String image = container.path("image").asString("");
        ObjectNode cs = Json.object();
        cs.put("name", name);
        cs.put("ready", ready);
        cs.put("started", started);
        cs.put("restartCount", 0);
        cs.put("image", image);
        cs.put("imageID", "simulated://" + image);
        cs.put("containerID", "simulated://" + podUid + "-" + name);
        return cs;
    }

    /** Upstream's QoS class from the containers' requests and limits. */
    static String qosClass(ObjectNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                any |= !requests.isEmpty() || !limits.isEmpty();
                for (String r : new String[] {"cpu", "memory"}) {
                    JsonNode limit = limits.path(r);
                    JsonNode request = requests.path(r);
                    if (limit.isMissingNode() || (!request.isMissingNode() && !request.asString().equals(limit.asString()))) {
                        guaranteed = false;
                    }
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
