package io.k3j.controllers.cronjob;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.informer.Indexer;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Owners;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's cronjob controller (CronJobControllerV2): a CronJob is synced when it or one of its
 * Jobs changes and again at its next schedule time (work queue addAfter). The logic is in
 * {@link CronJobSync}.
 */
public final class CronJobController implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(CronJobController.class);
    static final String COMPONENT = "cronjob-controller";
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    private Controller controller;
    private Thread starter;

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    public void start(ControllerContext context) {
        SharedInformer cronJobs = context.informers().get(CronJobControl.CRONJOBS);
        SharedInformer jobs = context.informers().get(CronJobControl.JOBS);
        CronJobSync sync = new CronJobSync(CronJobControl.of(context.client()),
                context.events().forComponent(COMPONENT));
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        Clock clock = context.clock();
        Indexer cjIndex = cronJobs.indexer();
        Indexer jobIndex = jobs.indexer();
        controller = new Controller("cronjob", queue, 2, key -> {
            Optional<ObjectNode> cj = cjIndex.get(key);
            if (cj.isEmpty()) {
                return;
            }
            String uid = Meta.uid(cj.get());
            List<ObjectNode> children = new ArrayList<>();
            for (ObjectNode j : jobIndex.byIndex(Indexers.OWNER_UID, uid)) {
                if (Owners.isControlledBy(j, uid)) {
                    children.add(j);
                }
            }
            try {
                sync.sync(cj.get(), children, clock.instant()).ifPresent(d -> queue.addAfter(key, d));
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    return; // the CronJob went away meanwhile
                }
                throw e;
            }
        });
        cronJobs.addEventHandler(ResourceEventHandler.onChange(o -> queue.add(Store.key(o))));
        jobs.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode job) {
                enqueueOwner(job);
            }

            @Override
            public void onUpdate(ObjectNode oldJob, ObjectNode job) {
                enqueueOwner(job);
            }

            @Override
            public void onDelete(ObjectNode job, boolean finalStateUnknown) {
                enqueueOwner(job);
            }

            private void enqueueOwner(ObjectNode job) {
                Owners.controllerOf(job).filter(r -> "CronJob".equals(r.path("kind").asString("")))
                        .ifPresent(r -> queue.add(Meta.namespace(job) + "/" + r.path("name").asString("")));
            }
        });
        starter = Thread.ofVirtual().name("cronjob-controller-start").start(() -> {
            try {
                if (!cronJobs.waitForSync(SYNC_TIMEOUT) || !jobs.waitForSync(SYNC_TIMEOUT)) {
                    LOG.warn("cronjob controller: caches did not sync within {}; starting anyway", SYNC_TIMEOUT);
                }
                controller.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void stop() {
        if (starter != null) {
            starter.interrupt();
        }
        if (controller != null) {
            controller.close();
        }
    }
}
