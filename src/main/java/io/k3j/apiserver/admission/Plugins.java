package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import java.time.Clock;
import java.util.List;

/**
 * The built-in admission plugins k3j runs, in upstream's order of the plugins kube-apiserver
 * enables by default (NamespaceLifecycle comes first, as the store's namespace check).
 */
public final class Plugins {

    private Plugins() {
    }

    /**
     * LimitRanger, ServiceAccount, NodeRestriction, TaintNodesByCondition, Priority, DefaultTolerationSeconds,
     * DefaultStorageClass, ResourceQuota.
     */
    public static List<AdmissionPlugin> builtin(Registry registry, QuotaController quotas, Clock clock) {
        return List.of(
                new LimitRanger(registry.core("limitranges")),
                new ServiceAccount(registry.core("serviceaccounts")),
                new NodeRestriction(),
                new TaintNodesByCondition(),
                new Priority(registry.store("scheduling.k8s.io", "v1", "priorityclasses")),
                new DefaultTolerationSeconds(),
                new DefaultStorageClass(registry.store("storage.k8s.io", "v1", "storageclasses")),
                new ResourceQuota(registry.core("resourcequotas"), quotas, clock));
    }

    /** The chain of the plugins that apply to {@code type}, in order. */
    public static AdmissionChain chainFor(ResourceType type, List<AdmissionPlugin> plugins) {
        return new AdmissionChain(plugins.stream().filter(p -> p.appliesTo(type)).toList());
    }
}
