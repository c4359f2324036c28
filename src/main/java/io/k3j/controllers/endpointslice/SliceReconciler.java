package io.k3j.controllers.endpointslice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Packs a service's desired endpoints (of one address type) into EndpointSlices of at most
 * {@code maxEndpointsPerSlice}, reusing existing slices to keep writes few, as upstream's
 * reconciler: endpoints stay in the slice that already holds them, slices whose port set is no
 * longer wanted or that end up empty are deleted, slices that changed are topped up first, new
 * slices are filled before an untouched slice is opened, and a remainder smaller than a slice
 * goes into an untouched slice with room for all of it rather than into a new one. Pure.
 */
public final class SliceReconciler {

    /** Upstream's default --max-endpoints-per-slice. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;

    private SliceReconciler() {
    }

    /**
     * An existing slice: its name, the key of its port set, its endpoints by key, and whether
     * its labels and owner are as wanted.
     */
    public record Existing(String name, String portKey, LinkedHashMap<String, ObjectNode> endpoints, boolean metaOk) {
    }

    /** A slice to create with these endpoints for port set {@code portKey}. */
    public record Create(String portKey, List<ObjectNode> endpoints) {
    }

    /** An existing slice to rewrite with exactly these endpoints. */
    public record Update(String name, String portKey, List<ObjectNode> endpoints) {
    }

    public record Plan(List<Create> create, List<Update> update, List<String> delete) {
    }

    private record Work(String name, String portKey, List<ObjectNode> endpoints) {
    }

    /**
     * The writes that bring {@code existing} to {@code desired} (port key → endpoint key →
     * endpoint). Existing slices are considered in name order.
     */
    public static Plan reconcile(List<Existing> existing, Map<String, ? extends Map<String, ObjectNode>> desired, int max) {
        Map<String, LinkedHashMap<String, ObjectNode>> remaining = new LinkedHashMap<>();
        desired.forEach((k, v) -> remaining.put(k, new LinkedHashMap<>(v)));
        List<Work> changed = new ArrayList<>();
        List<Work> unchanged = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        List<Existing> sorted = new ArrayList<>(existing);
        sorted.sort(Comparator.comparing(Existing::name));
        for (Existing s : sorted) {
            LinkedHashMap<String, ObjectNode> want = remaining.get(s.portKey());
            if (want == null) {
                delete.add(s.name());
                continue;
            }
            List<ObjectNode> kept = new ArrayList<>();
            boolean isChanged = !s.metaOk();
            for (Map.Entry<String, ObjectNode> e : s.endpoints().entrySet()) {
                ObjectNode d = kept.size() < max ? want.remove(e.getKey()) : null;
                if (d == null) {
                    isChanged = true;
                } else {
                    kept.add(d);
                    if (!d.equals(e.getValue())) {
                        isChanged = true;
                    }
                }
            }
            if (kept.isEmpty()) {
                delete.add(s.name());
            } else if (isChanged) {
                changed.add(new Work(s.name(), s.portKey(), kept));
            } else {
                unchanged.add(new Work(s.name(), s.portKey(), kept));
            }
        }
        for (Work w : changed) {
            fill(w.endpoints(), remaining.get(w.portKey()), max);
        }
        List<Create> create = new ArrayList<>();
        for (Map.Entry<String, LinkedHashMap<String, ObjectNode>> e : remaining.entrySet()) {
            LinkedHashMap<String, ObjectNode> want = e.getValue();
            while (!want.isEmpty()) {
                if (want.size() < max) {
                    int n = want.size();
                    Optional<Work> roomy = unchanged.stream()
                            .filter(w -> w.portKey().equals(e.getKey()) && max - w.endpoints().size() >= n)
                            .max(Comparator.comparingInt(w -> w.endpoints().size()));
                    if (roomy.isPresent()) {
                        Work w = roomy.get();
                        unchanged.remove(w);
                        fill(w.endpoints(), want, max);
                        changed.add(w);
                        continue;
                    }
                }
                List<ObjectNode> eps = new ArrayList<>();
                fill(eps, want, max);
                create.add(new Create(e.getKey(), eps));
            }
        }
        List<Update> update = changed.stream().map(w -> new Update(w.name(), w.portKey(), w.endpoints())).toList();
        return new Plan(create, update, delete);
    }

    private static void fill(List<ObjectNode> into, LinkedHashMap<String, ObjectNode> from, int max) {
        if (from == null) {
            return;
        }
        var it = from.entrySet().iterator();
        while (into.size() < max && it.hasNext()) {
            into.add(it.next().getValue());
            it.remove();
        }
    }
}
