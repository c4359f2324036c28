package io.k3j.controllers.serviceaccount;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's tokens controller for legacy token Secrets (type {@value #TYPE}): a Secret naming its account in the
 * {@value #NAME_ANNOTATION} annotation gets a signed token, the cluster CA and the namespace in its data and the
 * account's UID annotated; a Secret whose account is gone (or has another UID) is deleted, also when the account is
 * deleted later. Keys are the Secrets' namespace/name.
 */
public final class TokensController implements ManagedController {

    public static final String TYPE = "kubernetes.io/service-account-token";
    public static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
    public static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";
    static final Resource SECRETS = Resource.core("secrets");

    private final LegacyTokenGenerator tokens;
    private final String caPem;
    private ControllerContext context;
    private SharedInformer secrets;
    private SharedInformer accounts;
    private Controller controller;

    /** Signs with {@code tokens}; {@code caPem} (may be null) becomes the secrets' {@code ca.crt}. */
    public TokensController(LegacyTokenGenerator tokens, String caPem) {
        this.tokens = tokens;
        this.caPem = caPem;
    }

    @Override
    public String name() {
        return "serviceaccount-token";
    }

    @Override
    public void start(ControllerContext ctx) {
        this.context = ctx;
        controller = new Controller(name(), new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter()), 2,
                this::sync);
        secrets = ctx.informers().get(SECRETS);
        accounts = ctx.informers().get(ServiceAccountController.SERVICE_ACCOUNTS);
        secrets.addEventHandler(ResourceEventHandler.onChange(o -> enqueue(o)));
        accounts.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode sa, boolean finalStateUnknown) {
                for (ObjectNode secret : secrets.indexer().byIndex(Indexers.NAMESPACE, Meta.namespace(sa))) {
                    if (Meta.name(sa).equals(Meta.stringMap(secret, "annotations").get(NAME_ANNOTATION))) {
                        enqueue(secret);
                    }
                }
            }
        });
        controller.run();
    }

    private void enqueue(ObjectNode secret) {
        if (TYPE.equals(secret.path("type").asString(""))) {
            controller.queue().add(Meta.namespace(secret) + "/" + Meta.name(secret));
        }
    }

    void sync(String key) {
        ObjectNode secret = secrets.indexer().get(key).orElse(null);
        if (secret == null || !TYPE.equals(secret.path("type").asString("")) || Meta.isDeleting(secret)) {
            return;
        }
        String namespace = Meta.namespace(secret);
        String name = Meta.name(secret);
        String account = Meta.stringMap(secret, "annotations").getOrDefault(NAME_ANNOTATION, "");
        if (account.isEmpty()) {
            return;
        }
        String wantedUid = Meta.stringMap(secret, "annotations").getOrDefault(UID_ANNOTATION, "");
        ObjectNode sa = serviceAccount(namespace, account);
        if (sa == null || (!wantedUid.isEmpty() && !wantedUid.equals(Meta.uid(sa)))) {
            try {
                context.client().delete(SECRETS, namespace, name, DeleteOptions.defaults().withPreconditions(Meta.uid(secret), null));
            } catch (ApiException e) {
                if (e.status().code() != 404 && e.status().code() != 409) {
                    throw e;
                }
            }
            return;
        }
        String saUid = Meta.uid(sa);
        ObjectNode data = secret.path("data") instanceof ObjectNode d ? d : null;
        boolean complete = data != null && !data.path("token").asString("").isEmpty()
                && encode(namespace).equals(data.path("namespace").asString(""))
                && (caPem == null || encode(caPem).equals(data.path("ca.crt").asString("")))
                && saUid.equals(wantedUid);
        if (complete) {
            return;
        }
        ObjectNode updated = secret.deepCopy();
        ObjectNode newData = updated.get("data") instanceof ObjectNode d ? d : updated.putObject("data");
        if (caPem != null) {
            newData.put("ca.crt", encode(caPem));
        }
        newData.put("namespace", encode(namespace));
        if (newData.path("token").asString("").isEmpty()) {
            newData.put("token", encode(tokens.generate(namespace, account, saUid, name)));
        }
        ObjectNode metadata = (ObjectNode) updated.get("metadata");
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a
                : metadata.putObject("annotations");
        annotations.put(NAME_ANNOTATION, account);
        annotations.put(UID_ANNOTATION, saUid);
        try {
            context.client().update(SECRETS, namespace, updated);
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                throw e;
            }
        }
    }

    /** The account from the informer, else read from the API (the informer may not have seen it yet). */
    private ObjectNode serviceAccount(String namespace, String name) {
        ObjectNode cached = accounts.indexer().get(namespace + "/" + name).orElse(null);
        if (cached != null) {
            return cached;
        }
        try {
            return context.client().get(ServiceAccountController.SERVICE_ACCOUNTS, namespace, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
