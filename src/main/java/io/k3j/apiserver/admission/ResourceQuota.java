package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ResourceType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ResourceQuota plugin (validating, last in the chain): a create (or an update that
 * grows usage: pods, services, claims) in a namespace with ResourceQuotas is checked against each
 * quota that tracks it — pods must state the cpu and memory requests and limits a quota tracks,
 * the quota must have usage in its status, and used plus requested must stay within hard — with
 * upstream's 403 messages. Admitted writes are charged to the quotas' status.used right away (not
 * on dry runs), which serializes writers in a namespace; {@link QuotaController} recounts after
 * the write. Thread-safe.
 */
public final class ResourceQuota implements AdmissionPlugin {

    private static final int CONFLICT_RETRIES = 3;

    private final GenericStore quotas;
    private final QuotaController controller;
    private final Clock clock;

    public ResourceQuota(GenericStore quotas, QuotaController controller, Clock clock) {
        this.quotas = quotas;
        this.controller = controller;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ResourceQuota";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.namespaced();
    }

    private static boolean handles(Admission.Attributes a) {
        if (a.object() == null || a.namespace() == null) {
            return false;
        }
        if (a.isCreate()) {
            return true;
        }
        return a.isUpdate() && a.type().group().isEmpty() && switch (a.type().resource()) {
            case "pods", "services", "persistentvolumeclaims" -> true;
            default -> false;
        };
    }

    @Override
    public void validate(Admission.Attributes a) {
        if (!handles(a) || Lookups.list(quotas, a.namespace()).isEmpty()) {
            return;
        }
        ReentrantLock lock = controller.lock(a.namespace());
        lock.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    check(a);
                    return;
                } catch (ApiException e) {
                    if (e.status().code() != 409 || attempt >= CONFLICT_RETRIES) {
                        throw e;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void check(Admission.Attributes a) {
        ResourceType type = a.type();
        List<ObjectNode> current = fresh(a.namespace());
        if (current.stream().anyMatch(q -> !q.path("status").has("hard"))) {
            controller.recount(a.namespace(), true);
            current = fresh(a.namespace());
        }
        List<ObjectNode> interesting = new ArrayList<>();
        for (ObjectNode q : current) {
            if (!QuotaUsage.inScope(q, type, a.object())) {
                continue;
            }
            List<String> restricted = QuotaUsage.matching(type, q.path("status").path("hard").propertyNames());
            if (restricted.isEmpty()) {
                continue;
            }
            String violation = QuotaUsage.constraints(type, a.object(), restricted);
            if (violation != null) {
                throw AdmissionPlugin.forbidden(a, "failed quota: " + Meta.name(q) + ": " + violation);
            }
            JsonNode used = q.path("status").path("used");
            List<String> unknown = restricted.stream().filter(n -> !used.has(n)).toList();
            if (!unknown.isEmpty()) {
                throw AdmissionPlugin.forbidden(a, "status unknown for quota: " + Meta.name(q) + ", resources: "
                        + String.join(",", unknown));
            }
            interesting.add(q);
        }
        if (interesting.isEmpty()) {
            return;
        }
        Map<String, Quantity> delta = QuotaUsage.usage(type, a.object(), clock.instant());
        if (a.isUpdate() && a.oldObject() != null) {
            Map<String, Quantity> before = QuotaUsage.usage(type, a.oldObject(), clock.instant());
            Map<String, Quantity> grown = new LinkedHashMap<>();
            delta.forEach((k, v) -> {
                Quantity d = v.minus(before.getOrDefault(k, Quantity.ZERO));
                grown.put(k, d.value().signum() < 0 ? new Quantity(java.math.BigDecimal.ZERO, v.binary()) : d);
            });
            delta = grown;
        }
        if (delta.values().stream().allMatch(Quantity::isZero)) {
            return;
        }
        List<ObjectNode> charged = new ArrayList<>();
        for (ObjectNode q : interesting) {
            Map<String, Quantity> hard = ResourceLists.of(q.path("status").get("hard"));
            Map<String, Quantity> used = ResourceLists.of(q.path("status").get("used"));
            Map<String, Quantity> requested = new LinkedHashMap<>();
            delta.forEach((k, v) -> {
                if (hard.containsKey(k)) {
                    requested.put(k, v);
                }
            });
            Map<String, Quantity> exceededRequested = new LinkedHashMap<>();
            Map<String, Quantity> exceededUsed = new LinkedHashMap<>();
            Map<String, Quantity> exceededHard = new LinkedHashMap<>();
            Map<String, Quantity> newUsed = new LinkedHashMap<>(used);
            for (Map.Entry<String, Quantity> e : requested.entrySet()) {
                Quantity was = used.getOrDefault(e.getKey(), Quantity.ZERO);
                Quantity now = was.plus(e.getValue());
                newUsed.put(e.getKey(), now);
                if (now.compareTo(hard.get(e.getKey())) > 0) {
                    exceededRequested.put(e.getKey(), e.getValue());
                    exceededUsed.put(e.getKey(), was);
                    exceededHard.put(e.getKey(), hard.get(e.getKey()));
                }
            }
            if (!exceededRequested.isEmpty()) {
                throw AdmissionPlugin.forbidden(a, "exceeded quota: " + Meta.name(q) + ", requested: "
                        + ResourceLists.print(exceededRequested) + ", used: " + ResourceLists.print(exceededUsed)
                        + ", limited: " + ResourceLists.print(exceededHard));
            }
            if (!requested.isEmpty() && !newUsed.equals(used)) {
                ObjectNode updated = q.deepCopy();
                ObjectNode usedNode = ((ObjectNode) updated.path("status")).putObject("used");
                for (Map.Entry<String, JsonNode> e : q.path("status").path("used").properties()) {
                    usedNode.set(e.getKey(), e.getValue());
                }
                newUsed.forEach((k, v) -> usedNode.put(k, v.toString()));
                charged.add(updated);
            }
        }
        if (a.dryRun()) {
            return;
        }
        for (ObjectNode q : charged) {
            quotas.update(a.namespace(), Meta.name(q), q, "status", false);
        }
        if (!charged.isEmpty()) {
            controller.charged(a.namespace(), type, a.name());
        }
    }

    /** The namespace's quotas as stored now (read from the datastore: status is charged concurrently). */
    private List<ObjectNode> fresh(String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode q : Lookups.list(quotas, namespace)) {
            try {
                out.add(quotas.get(namespace, Meta.name(q)));
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
        return out;
    }
}
