package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes sure every namespace has its {@code default} ServiceAccount, which the ServiceAccount
 * plugin gives pods: created right after a namespace is (never for dry runs, which commit nothing),
 * and at start-up for the namespaces that lack it, so that a pod created right after its namespace finds it.
 * The serviceaccount controller (io.k3j.controllers.serviceaccount) does the rest as upstream: it recreates a
 * deleted account and covers namespaces this missed. Thread-safe.
 */
public final class DefaultServiceAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultServiceAccounts.class);

    private final GenericStore namespaces;
    private final GenericStore serviceAccounts;

    public DefaultServiceAccounts(Registry registry) {
        this.namespaces = registry.core("namespaces");
        this.serviceAccounts = registry.core("serviceaccounts");
    }

    /** Creates the missing accounts of existing namespaces and follows namespace creation. */
    public void start() {
        namespaces.addObserver(this::written);
        for (ObjectNode ns : Lookups.list(namespaces, null)) {
            if (!Meta.isDeleting(ns)) {
                ensure(Meta.name(ns));
            }
        }
    }

    private void written(ResourceType type, String namespace, String name, String subresource, ObjectNode before,
                         ObjectNode after) {
        if (before == null && after != null) {
            ensure(name);
        }
    }

    /** Creates {@code default} in {@code namespace} unless it exists. */
    void ensure(String namespace) {
        if (serviceAccounts.cache().get(serviceAccounts.type().key(namespace, ServiceAccount.DEFAULT)) != null) {
            return;
        }
        ObjectNode sa = Json.object();
        sa.putObject("metadata").put("name", ServiceAccount.DEFAULT);
        try {
            serviceAccounts.create(namespace, sa, false);
        } catch (ApiException e) {
            if (e.status().code() != 409) {
                LOG.warn("could not create the default service account in namespace {}: {}", namespace,
                        e.status().message());
            }
        }
    }
}
