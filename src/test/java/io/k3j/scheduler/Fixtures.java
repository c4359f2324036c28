package io.k3j.scheduler;

import io.k3j.api.Json;
import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.PodInfo;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/** Plain JSON pods and nodes for the scheduler's unit tests. */
final class Fixtures {

    private Fixtures() {
    }

    static ObjectNode json(String s) {
        return Json.parseObject(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    /** A Ready node with the given allocatable cpu and memory, 110 pods, labels and extra spec JSON. */
    static ObjectNode node(String name, String cpu, String memory, String labels, String spec) {
        return json("{'metadata':{'name':'" + name + "','labels':{'kubernetes.io/hostname':'" + name + "'"
                + (labels.isEmpty() ? "" : "," + labels) + "}},'spec':{" + spec + "},"
                + "'status':{'allocatable':{'cpu':'" + cpu + "','memory':'" + memory + "','pods':'110',"
                + "'ephemeral-storage':'100Gi'}}}");
    }

    static ObjectNode node(String name) {
        return node(name, "4", "8Gi", "", "");
    }

    /** A pod with one container requesting cpu and memory (empty: none), and extra spec JSON. */
    static PodInfo pod(String name, String cpu, String memory, String spec) {
        return pod(name, cpu, memory, spec, "");
    }

    static PodInfo pod(String name, String cpu, String memory, String spec, String labels) {
        String requests = (cpu.isEmpty() ? "" : "'cpu':'" + cpu + "'")
                + (!cpu.isEmpty() && !memory.isEmpty() ? "," : "")
                + (memory.isEmpty() ? "" : "'memory':'" + memory + "'");
        return new PodInfo(json("{'metadata':{'name':'" + name + "','namespace':'default','uid':'uid-" + name
                + "','creationTimestamp':'2026-01-01T00:00:00Z','labels':{" + labels + "}},"
                + "'spec':{'containers':[{'name':'c','image':'x','resources':{'requests':{" + requests + "}}}]"
                + (spec.isEmpty() ? "" : "," + spec) + "}}"));
    }

    /** The same pod as bound to {@code node}. */
    static PodInfo bound(PodInfo pod, String node) {
        ObjectNode o = pod.object.deepCopy();
        ((ObjectNode) o.get("spec")).put("nodeName", node);
        return new PodInfo(o);
    }

    static SchedulerCache cache(ObjectNode... nodes) {
        SchedulerCache c = new SchedulerCache();
        for (ObjectNode n : nodes) {
            c.updateNode(n);
        }
        return c;
    }
}
