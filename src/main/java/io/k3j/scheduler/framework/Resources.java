package io.k3j.scheduler.framework;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An amount of compute resources as the scheduler adds them up: CPU in millicores, memory and
 * ephemeral storage in bytes, pod slots, and any other (extended) resource by name in whole
 * units. Mutable; not thread-safe (guarded by its owner).
 */
public final class Resources {

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    public long pods;
    /** Extended resources (e.g. nvidia.com/gpu, hugepages-2Mi); null when none. */
    public Map<String, Long> scalar;

    public Resources() {
    }

    public Resources(long milliCpu, long memory, long ephemeralStorage, long pods) {
        this.milliCpu = milliCpu;
        this.memory = memory;
        this.ephemeralStorage = ephemeralStorage;
        this.pods = pods;
    }

    /** A resource list (requests, allocatable, overhead) read into a new Resources. */
    public static Resources of(JsonNode list) {
        Resources r = new Resources();
        r.add(list);
        return r;
    }

    public void add(JsonNode list) {
        if (!list.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            switch (e.getKey()) {
                case "cpu" -> milliCpu += Quantities.milli(e.getValue());
                case "memory" -> memory += Quantities.value(e.getValue());
                case "ephemeral-storage" -> ephemeralStorage += Quantities.value(e.getValue());
                case "pods" -> pods += Quantities.value(e.getValue());
                default -> addScalar(e.getKey(), Quantities.value(e.getValue()));
            }
        }
    }

    public void addScalar(String name, long v) {
        if (scalar == null) {
            scalar = new HashMap<>();
        }
        scalar.merge(name, v, Long::sum);
    }

    public long scalar(String name) {
        return scalar == null ? 0 : scalar.getOrDefault(name, 0L);
    }

    /** Adds {@code o} times {@code sign} (1 to add, -1 to remove). */
    public void add(Resources o, int sign) {
        milliCpu += sign * o.milliCpu;
        memory += sign * o.memory;
        ephemeralStorage += sign * o.ephemeralStorage;
        pods += sign * o.pods;
        if (o.scalar != null) {
            o.scalar.forEach((k, v) -> addScalar(k, sign * v));
        }
    }

    /** Raises each amount to at least {@code o}'s. */
    public void max(Resources o) {
        milliCpu = Math.max(milliCpu, o.milliCpu);
        memory = Math.max(memory, o.memory);
        ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
        if (o.scalar != null) {
            for (Map.Entry<String, Long> e : o.scalar.entrySet()) {
                if (scalar == null) {
                    scalar = new HashMap<>();
                }
                scalar.merge(e.getKey(), e.getValue(), Math::max);
            }
        }
    }

    /** Whether some amount here is larger than in {@code o} (an extended resource {@code o} lacks counts). */
    public boolean exceedsAny(Resources o) {
        if (milliCpu > o.milliCpu || memory > o.memory || ephemeralStorage > o.ephemeralStorage || pods > o.pods) {
            return true;
        }
        return scalar != null && scalar.entrySet().stream().anyMatch(e -> e.getValue() > o.scalar(e.getKey()));
    }

    public Resources copy() {
        Resources r = new Resources(milliCpu, memory, ephemeralStorage, pods);
        if (scalar != null) {
            r.scalar = new HashMap<>(scalar);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resources r && r.milliCpu == milliCpu && r.memory == memory
                && r.ephemeralStorage == ephemeralStorage && r.pods == pods
                && java.util.Objects.equals(r.scalar == null || r.scalar.isEmpty() ? null : r.scalar,
                scalar == null || scalar.isEmpty() ? null : scalar);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(milliCpu * 31 + memory);
    }

    @Override
    public String toString() {
        return "cpu=" + milliCpu + "m memory=" + memory + " ephemeral-storage=" + ephemeralStorage + " pods=" + pods
                + (scalar == null ? "" : " " + scalar);
    }
}
