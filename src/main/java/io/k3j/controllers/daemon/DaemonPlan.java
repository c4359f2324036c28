package io.k3j.controllers.daemon;

import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one sync of a DaemonSet does (upstream's manage and rollingUpdate): create a pod on each
 * eligible node without one, delete pods on nodes that may no longer run them (or that no longer
 * exist), delete finished and duplicate pods; when nothing of that is left to do, replace old pods
 * within {@code maxUnavailable}, or surge new ones within {@code maxSurge}. Pure.
 *
 * @param nodesToCreate nodes to create a pod on
 * @param podsToDelete pods to delete
 */
public record DaemonPlan(List<String> nodesToCreate, List<ObjectNode> podsToDelete) {

    public boolean isEmpty() {
        return nodesToCreate.isEmpty() && podsToDelete.isEmpty();
    }

    /**
     * @param eligibility per existing node, whether the pod belongs there
     * @param podsByNode every pod the DaemonSet controls, by target node
     */
    public static DaemonPlan compute(ObjectNode ds, Map<String, Eligibility> eligibility,
                                     Map<String, List<ObjectNode>> podsByNode, String hash, Instant now) {
        String generation = DaemonPods.templateGeneration(ds);
        int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
        int desired = (int) eligibility.values().stream().filter(Eligibility::shouldRun).count();
        boolean rolling = ds.path("spec").path("updateStrategy").path("type").asString("RollingUpdate")
                .equals("RollingUpdate");
        JsonNode ru = ds.path("spec").path("updateStrategy").path("rollingUpdate");
        int maxSurge = rolling ? resolve(ru.get("maxSurge"), desired, 0) : 0;
        int maxUnavailable = rolling ? resolve(ru.get("maxUnavailable"), desired, 1) : 0;
        if (rolling && maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }

        List<String> create = new ArrayList<>();
        List<ObjectNode> delete = new ArrayList<>();
        for (var entry : podsByNode.entrySet()) {
            if (!eligibility.containsKey(entry.getKey())) {
                entry.getValue().stream().filter(p -> !Meta.isDeleting(p)).forEach(delete::add);
            }
        }
        for (var entry : eligibility.entrySet()) {
            String node = entry.getKey();
            Eligibility e = entry.getValue();
            List<ObjectNode> pods = DaemonPods.oldestFirst(podsByNode.getOrDefault(node, List.of()));
            if (e.shouldRun() && pods.isEmpty()) {
                create.add(node);
            } else if (e.shouldContinueRunning()) {
                List<ObjectNode> running = new ArrayList<>();
                for (ObjectNode pod : pods) {
                    if (Meta.isDeleting(pod)) {
                        continue;
                    }
                    if (Pods.isTerminated(pod)) {
                        delete.add(pod);
                    } else {
                        running.add(pod);
                    }
                }
                if (maxSurge == 0) {
                    delete.addAll(running.subList(Math.min(1, running.size()), running.size()));
                } else {
                    ObjectNode keptNew = null;
                    ObjectNode keptOld = null;
                    for (ObjectNode pod : running) {
                        if (DaemonPods.isUpdated(pod, hash, generation)) {
                            if (keptNew == null) {
                                keptNew = pod;
                                continue;
                            }
                        } else if (keptOld == null) {
                            keptOld = pod;
                            continue;
                        }
                        delete.add(pod);
                    }
                }
            } else {
                pods.stream().filter(p -> !Meta.isDeleting(p)).forEach(delete::add);
            }
        }
        if (!create.isEmpty() || !delete.isEmpty() || !rolling) {
            return new DaemonPlan(create, delete);
        }
        return maxSurge > 0
                ? surge(eligibility, podsByNode, hash, generation, minReady, maxSurge, now)
                : replace(eligibility, podsByNode, hash, generation, minReady, maxUnavailable, now);
    }

    private record OnNode(ObjectNode newPod, ObjectNode oldPod, boolean deleting) {
    }

    private static OnNode onNode(List<ObjectNode> pods, String hash, String generation) {
        ObjectNode newPod = null;
        ObjectNode oldPod = null;
        boolean deleting = false;
        for (ObjectNode pod : DaemonPods.oldestFirst(pods)) {
            if (Meta.isDeleting(pod)) {
                deleting = true;
            } else if (DaemonPods.isUpdated(pod, hash, generation)) {
                newPod = newPod == null ? pod : newPod;
            } else {
                oldPod = oldPod == null ? pod : oldPod;
            }
        }
        return new OnNode(newPod, oldPod, deleting);
    }

    /** Rolling update without surge: delete old pods while at most maxUnavailable nodes lack an available pod. */
    private static DaemonPlan replace(Map<String, Eligibility> eligibility, Map<String, List<ObjectNode>> podsByNode,
                                      String hash, String generation, int minReady, int maxUnavailable, Instant now) {
        int unavailable = 0;
        List<ObjectNode> delete = new ArrayList<>();
        List<ObjectNode> candidates = new ArrayList<>();
        for (var entry : eligibility.entrySet()) {
            if (!entry.getValue().shouldRun()) {
                continue;
            }
            OnNode on = onNode(podsByNode.getOrDefault(entry.getKey(), List.of()), hash, generation);
            if (on.newPod() != null) {
                if (!Pods.isAvailable(on.newPod(), minReady, now)) {
                    unavailable++;
                }
            } else if (on.oldPod() == null) {
                unavailable++;
            } else if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
                unavailable++;
                delete.add(on.oldPod());
            } else {
                candidates.add(on.oldPod());
            }
        }
        candidates.sort(java.util.Comparator.comparing(Meta::name));
        for (ObjectNode pod : candidates) {
            if (unavailable >= maxUnavailable) {
                break;
            }
            unavailable++;
            delete.add(pod);
        }
        return new DaemonPlan(List.of(), delete);
    }

    /** Rolling update with surge: start a new pod beside the old one, delete the old once the new is available. */
    private static DaemonPlan surge(Map<String, Eligibility> eligibility, Map<String, List<ObjectNode>> podsByNode,
                                    String hash, String generation, int minReady, int maxSurge, Instant now) {
        int surging = 0;
        List<String> allowed = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        List<ObjectNode> delete = new ArrayList<>();
        for (var entry : eligibility.entrySet()) {
            if (!entry.getValue().shouldRun()) {
                continue;
            }
            OnNode on = onNode(podsByNode.getOrDefault(entry.getKey(), List.of()), hash, generation);
            if (on.newPod() == null) {
                if (on.oldPod() == null) {
                    continue;
                }
                if (!Pods.isAvailable(on.oldPod(), minReady, now)) {
                    allowed.add(entry.getKey());
                } else {
                    candidates.add(entry.getKey());
                }
            } else if (on.oldPod() != null) {
                if (Pods.isAvailable(on.newPod(), minReady, now)) {
                    delete.add(on.oldPod());
                } else {
                    surging++;
                }
            }
        }
        candidates.sort(String::compareTo);
        List<String> create = new ArrayList<>(allowed);
        int remaining = Math.max(0, maxSurge - surging - allowed.size());
        create.addAll(candidates.subList(0, Math.min(remaining, candidates.size())));
        return new DaemonPlan(create, delete);
    }

    /** An int-or-percent against {@code total}, percentages rounded up; {@code dflt} when absent. */
    static int resolve(JsonNode value, int total, int dflt) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return dflt;
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        String s = value.asString("");
        if (s.endsWith("%")) {
            try {
                int percent = Integer.parseInt(s.substring(0, s.length() - 1));
                return (int) Math.ceil(percent * (double) total / 100.0);
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
