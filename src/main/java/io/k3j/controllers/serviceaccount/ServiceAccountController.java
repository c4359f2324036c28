package io.k3j.controllers.serviceaccount;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's serviceaccount controller: every active namespace has a {@code default} ServiceAccount, created when
 * the namespace appears and again whenever it is deleted. Keys are namespace names.
 */
public final class ServiceAccountController implements ManagedController {

    static final Resource NAMESPACES = Resource.core("namespaces");
    static final Resource SERVICE_ACCOUNTS = Resource.core("serviceaccounts");
    static final String DEFAULT = "default";

    private ControllerContext context;
    private SharedInformer namespaces;
    private SharedInformer accounts;
    private Controller controller;

    @Override
    public String name() {
        return "serviceaccount";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.context = ctx;
        controller = new Controller(name(), new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter()), 2,
                this::sync);
        namespaces = ctx.informers().get(NAMESPACES);
        accounts = ctx.informers().get(SERVICE_ACCOUNTS);
        namespaces.addEventHandler(ResourceEventHandler.onChange(o -> controller.queue().add(Meta.name(o))));
        accounts.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode sa, boolean finalStateUnknown) {
                if (DEFAULT.equals(Meta.name(sa))) {
                    controller.queue().add(Meta.namespace(sa));
                }
            }
        });
        controller.run();
    }

    void sync(String namespace) {
        if (!Namespaces.active(namespaces.indexer().get(namespace).orElse(null))
                || accounts.indexer().get(namespace + "/" + DEFAULT).isPresent()) {
            return;
        }
        ObjectNode sa = Json.object();
        sa.putObject("metadata").put("name", DEFAULT);
        try {
            context.client().create(SERVICE_ACCOUNTS, namespace, sa);
        } catch (ApiException e) {
            if (!Namespaces.ignorable(e.status().code())) {
                throw e;
            }
        }
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
