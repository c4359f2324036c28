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
 * Upstream's root-ca-cert-publisher: every active namespace has the ConfigMap {@value #NAME} whose {@code ca.crt} is
 * the cluster CA bundle (what pods' kube-api-access volumes mount), restored when it is edited or deleted. Keys are
 * namespace names.
 */
public final class RootCaCertPublisher implements ManagedController {

    public static final String NAME = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using"
            + " internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is"
            + " guaranteed across distributions of Kubernetes clusters.";
    static final Resource CONFIG_MAPS = Resource.core("configmaps");

    private final String caPem;
    private ControllerContext context;
    private SharedInformer namespaces;
    private SharedInformer configMaps;
    private Controller controller;

    public RootCaCertPublisher(String caPem) {
        this.caPem = caPem;
    }

    @Override
    public String name() {
        return "root-ca-cert-publisher";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.context = ctx;
        controller = new Controller(name(), new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter()), 2,
                this::sync);
        namespaces = ctx.informers().get(ServiceAccountController.NAMESPACES);
        configMaps = ctx.informers().get(CONFIG_MAPS);
        namespaces.addEventHandler(ResourceEventHandler.onChange(o -> controller.queue().add(Meta.name(o))));
        configMaps.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onUpdate(ObjectNode oldCm, ObjectNode cm) {
                if (NAME.equals(Meta.name(cm))) {
                    controller.queue().add(Meta.namespace(cm));
                }
            }

            @Override
            public void onDelete(ObjectNode cm, boolean finalStateUnknown) {
                if (NAME.equals(Meta.name(cm))) {
                    controller.queue().add(Meta.namespace(cm));
                }
            }
        });
        controller.run();
    }

    void sync(String namespace) {
        if (!Namespaces.active(namespaces.indexer().get(namespace).orElse(null))) {
            return;
        }
        ObjectNode current = configMaps.indexer().get(namespace + "/" + NAME).orElse(null);
        ObjectNode data = Json.object().put(KEY, caPem);
        try {
            if (current == null) {
                ObjectNode cm = Json.object();
                cm.putObject("metadata").put("name", NAME).putObject("annotations")
                        .put(DESCRIPTION_ANNOTATION, DESCRIPTION);
                cm.set("data", data);
                context.client().create(CONFIG_MAPS, namespace, cm);
                return;
            }
            if (data.equals(current.get("data")) && !Meta.stringMap(current, "annotations")
                    .getOrDefault(DESCRIPTION_ANNOTATION, "").isEmpty()) {
                return;
            }
            ObjectNode cm = current.deepCopy();
            cm.set("data", data);
            ObjectNode metadata = (ObjectNode) cm.get("metadata");
            ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a
                    : metadata.putObject("annotations");
            annotations.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
            context.client().update(CONFIG_MAPS, namespace, cm);
        } catch (ApiException e) {
            if (current == null && Namespaces.ignorable(e.status().code())) {
                return;
            }
            throw e;
        }
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
