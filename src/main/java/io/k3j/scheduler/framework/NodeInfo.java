package io.k3j.scheduler.framework;

import io.k3j.api.Meta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One node and what the pods on it (bound or assumed) use: the sums of their requests and
 * non-zero requests, their host ports, and the pods themselves, plus the pods nominated to it by
 * preemption. Kept up to date incrementally, so that a filter costs no more than a few
 * comparisons. Mutable; guarded by the scheduler cache's lock.
 */
public final class NodeInfo {

    public final String name;
    private ObjectNode node;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;
    private Resources allocatable = new Resources();
    public final Resources requested = new Resources();
    public long nonZeroMilliCpu;
    public long nonZeroMemory;
    public final List<HostPort> usedPorts = new ArrayList<>();
    /** Pods by uid, in the order they were added. */
    public final Map<String, PodInfo> pods = new LinkedHashMap<>();
    /** Pods nominated to this node by preemption, by uid. */
    public final Map<String, PodInfo> nominated = new LinkedHashMap<>();

    public NodeInfo(String name) {
        this.name = name;
    }

    /**
     * What a node update means for pods that did not fit: {@code NONE} when nothing scheduling
     * looks at changed (a heartbeat), {@code RELAXED} when the node may now take a pod it could
     * not before (new, uncordoned, a NoSchedule/NoExecute taint gone, labels changed, more
     * allocatable), {@code RESTRICTED} when it only got harder to fit (cordoned, tainted, less
     * allocatable). Upstream's queueing hints of the node plugins draw the same line.
     */
    public enum Change { NONE, RESTRICTED, RELAXED }

    /** A node object, and how it changed what scheduling looks at. */
    public Change setNode(ObjectNode n) {
        Map<String, String> newLabels = Meta.labels(n);
        List<Taint> newTaints = Taint.listOf(n.path("spec").path("taints"));
        boolean newUnschedulable = n.path("spec").path("unschedulable").asBoolean(false);
        Resources newAllocatable = Resources.of(n.path("status").path("allocatable"));
        Change change;
        if (node == null) {
            change = Change.RELAXED;
        } else if (newLabels.equals(labels) && newTaints.equals(taints) && newUnschedulable == unschedulable
                && newAllocatable.equals(allocatable)) {
            change = Change.NONE;
        } else {
            boolean relaxed = (unschedulable && !newUnschedulable) || !newLabels.equals(labels)
                    || taints.stream().anyMatch(t -> t.restrictsScheduling() && !newTaints.contains(t))
                    || newAllocatable.exceedsAny(allocatable);
            change = relaxed ? Change.RELAXED : Change.RESTRICTED;
        }
        this.node = n;
        this.labels = newLabels;
        this.taints = newTaints;
        this.unschedulable = newUnschedulable;
        this.allocatable = newAllocatable;
        return change;
    }

    /** The node was deleted: only its pods (until they go) remain known. */
    public void clearNode() {
        this.node = null;
    }

    /** The node object, or null while only pods are known for this name. */
    public ObjectNode node() {
        return node;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public void addPod(PodInfo p) {
        PodInfo old = pods.put(p.uid, p);
        if (old != null) {
            account(old, -1);
        }
        account(p, 1);
    }

    public void removePod(PodInfo p) {
        PodInfo old = pods.remove(p.uid);
        if (old != null) {
            account(old, -1);
        }
    }

    private void account(PodInfo p, int sign) {
        requested.add(p.requests, sign);
        nonZeroMilliCpu += sign * p.nonZeroMilliCpu;
        nonZeroMemory += sign * p.nonZeroMemory;
        if (sign > 0) {
            usedPorts.addAll(p.hostPorts);
        } else {
            for (HostPort hp : p.hostPorts) {
                usedPorts.remove(hp);
            }
        }
    }

    /** A copy with the same node and pods, for simulating changes (preemption). */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo(name);
        c.node = node;
        c.labels = labels;
        c.taints = taints;
        c.unschedulable = unschedulable;
        c.allocatable = allocatable;
        for (PodInfo p : pods.values()) {
            c.addPod(p);
        }
        c.nominated.putAll(nominated);
        return c;
    }

    /** The node's label {@code key}, or null. */
    public String label(String key) {
        return labels.get(key);
    }

    @Override
    public String toString() {
        return name + " requested " + requested + " of " + allocatable;
    }
}
