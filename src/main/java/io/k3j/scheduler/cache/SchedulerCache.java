package io.k3j.scheduler.cache;

import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler's view of where pods are (upstream's internal cache): a {@link NodeInfo} per node
 * with the pods bound to it and the pods assumed onto it (chosen, binding in flight), so that the
 * next pod already sees the resources they take. Bound pods come from the informer; a pod that
 * is assumed and then seen bound simply replaces its assumed self; a failed binding forgets it.
 * Terminal pods (Succeeded, Failed) take nothing. Also tracks nominations made by preemption.
 * Thread-safe: every method takes {@link #lock()}, which a scheduling cycle holds for its whole
 * filter and score pass.
 */
public final class SchedulerCache implements Snapshot {

    private record PodState(PodInfo pod, String node, boolean assumed) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final List<NodeInfo> nodeList = new ArrayList<>();
    private final Map<String, PodState> pods = new HashMap<>();
    private final Map<String, Placed> antiAffinity = new HashMap<>();
    private final Map<String, Placed> withAffinity = new HashMap<>();
    private final Map<String, String> nominations = new HashMap<>();

    public ReentrantLock lock() {
        return lock;
    }

    /** Adds or updates a node; says how it changed what scheduling looks at. */
    public NodeInfo.Change updateNode(ObjectNode node) {
        String name = node.path("metadata").path("name").asString("");
        lock.lock();
        try {
            NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
            boolean isNew = info.node() == null;
            NodeInfo.Change changed = info.setNode(node);
            if (isNew) {
                nodeList.add(info);
            }
            return changed;
        } finally {
            lock.unlock();
        }
    }

    public void removeNode(String name) {
        lock.lock();
        try {
            NodeInfo info = nodes.get(name);
            if (info == null) {
                return;
            }
            nodeList.remove(info);
            info.clearNode();
            if (info.pods.isEmpty()) {
                nodes.remove(name);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pod the informer reports bound to a node (terminal pods are removed instead). */
    public void addOrUpdatePod(PodInfo pod) {
        if (pod.terminal) {
            removePod(pod.uid);
            return;
        }
        lock.lock();
        try {
            place(pod, pod.nodeName, false);
            nominations.remove(pod.uid);
            removeNomination(pod.uid);
        } finally {
            lock.unlock();
        }
    }

    /** Counts {@code pod} on {@code node} while its binding is in flight. */
    public void assume(PodInfo pod, String node) {
        lock.lock();
        try {
            place(pod, node, true);
            String nominated = nominations.remove(pod.uid);
            if (nominated != null) {
                removeNomination(pod.uid);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Undoes {@link #assume} after a failed binding (a pod meanwhile seen bound stays). */
    public void forget(PodInfo pod) {
        lock.lock();
        try {
            PodState s = pods.get(pod.uid);
            if (s != null && s.assumed()) {
                unplace(pod.uid);
            }
        } finally {
            lock.unlock();
        }
    }

    public void removePod(String uid) {
        lock.lock();
        try {
            unplace(uid);
            if (nominations.remove(uid) != null) {
                removeNomination(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pod is counted on a node (bound or assumed). */
    public boolean isPlaced(String uid) {
        lock.lock();
        try {
            return pods.containsKey(uid);
        } finally {
            lock.unlock();
        }
    }

    /** Reserves room for a preemptor on {@code node} (for pods of no higher priority). */
    public void nominate(PodInfo pod, String node) {
        lock.lock();
        try {
            if (pods.containsKey(pod.uid)) {
                return;
            }
            removeNomination(pod.uid);
            NodeInfo info = nodes.get(node);
            if (info != null) {
                info.nominated.put(pod.uid, pod);
                nominations.put(pod.uid, node);
            }
        } finally {
            lock.unlock();
        }
    }

    private void removeNomination(String uid) {
        for (NodeInfo n : nodes.values()) {
            n.nominated.remove(uid);
        }
        nominations.remove(uid);
    }

    private void place(PodInfo pod, String node, boolean assumed) {
        PodState old = pods.get(pod.uid);
        if (old != null && !old.node().equals(node)) {
            unplace(pod.uid);
        }
        NodeInfo info = nodes.computeIfAbsent(node, NodeInfo::new);
        info.addPod(pod);
        pods.put(pod.uid, new PodState(pod, node, assumed));
        if (!pod.requiredAntiAffinity.isEmpty()) {
            antiAffinity.put(pod.uid, new Placed(pod, info));
        } else {
            antiAffinity.remove(pod.uid);
        }
        if (pod.hasPodAffinity()) {
            withAffinity.put(pod.uid, new Placed(pod, info));
        } else {
            withAffinity.remove(pod.uid);
        }
    }

    private void unplace(String uid) {
        PodState s = pods.remove(uid);
        if (s == null) {
            return;
        }
        antiAffinity.remove(uid);
        withAffinity.remove(uid);
        NodeInfo info = nodes.get(s.node());
        if (info != null) {
            info.removePod(s.pod());
            if (info.node() == null && info.pods.isEmpty()) {
                nodes.remove(s.node());
            }
        }
    }

    // Snapshot: callers hold the lock

    @Override
    public List<NodeInfo> nodes() {
        return nodeList;
    }

    @Override
    public NodeInfo node(String name) {
        NodeInfo n = nodes.get(name);
        return n == null || n.node() == null ? null : n;
    }

    @Override
    public Collection<Placed> podsWithRequiredAntiAffinity() {
        return antiAffinity.values();
    }

    @Override
    public Collection<Placed> podsWithAffinity() {
        return withAffinity.values();
    }

    /** Number of nodes (with a node object). */
    public int nodeCount() {
        lock.lock();
        try {
            return nodeList.size();
        } finally {
            lock.unlock();
        }
    }
}
