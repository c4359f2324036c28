package io.k3j.controllers.job;

import io.k3j.api.Meta;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.Expectations;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Owners;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's job controller (batch/v1 Jobs): runs a Job's pods to completion, NonIndexed or
 * Indexed, within its parallelism, backoffLimit and activeDeadlineSeconds, honours suspend, and
 * tracks pod ends through the {@code batch.kubernetes.io/job-tracking} finalizer. The logic is in
 * {@link JobSync}; this class wires the job and pod informers to the work queue.
 */
public final class JobController implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
    static final String COMPONENT = "job-controller";
    private static final int WORKERS = 3;
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    private Controller controller;
    private Thread starter;

    @Override
    public String name() {
        return "job";
    }

    @Override
    public void start(ControllerContext context) {
        SharedInformer jobs = context.informers().get(JobSync.JOBS);
        SharedInformer pods = context.informers().get(JobSync.PODS);
        Expectations expectations = new Expectations(context.clock());
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        JobSync sync = new JobSync(context.client(), jobs.indexer(), pods.indexer(),
                context.events().forComponent(COMPONENT), context.clock(), expectations, queue::addAfter);
        controller = new Controller("job", queue, WORKERS, sync::sync);
        jobs.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode job) {
                queue.add(Store.key(job));
            }

            @Override
            public void onUpdate(ObjectNode oldJob, ObjectNode job) {
                queue.add(Store.key(job));
            }

            @Override
            public void onDelete(ObjectNode job, boolean finalStateUnknown) {
                expectations.delete(Store.key(job));
                queue.add(Store.key(job));
            }
        });
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                String key = jobKey(pod);
                if (key != null) {
                    if (Meta.isDeleting(pod)) {
                        expectations.deletionObserved(key);
                    } else {
                        expectations.creationObserved(key);
                    }
                    sync.podSettled(pod, false);
                    queue.add(key);
                }
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
                String key = jobKey(pod);
                if (key != null) {
                    if (Meta.isDeleting(pod) && !Meta.isDeleting(oldPod)) {
                        expectations.deletionObserved(key);
                    }
                    sync.podSettled(pod, false);
                    queue.add(key);
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                sync.podSettled(pod, true);
                String key = jobKey(pod);
                if (key != null) {
                    if (!Meta.isDeleting(pod)) {
                        expectations.deletionObserved(key);
                    }
                    queue.add(key);
                }
            }
        });
        starter = Thread.ofVirtual().name("job-controller-start").start(() -> {
            try {
                if (!jobs.waitForSync(SYNC_TIMEOUT) || !pods.waitForSync(SYNC_TIMEOUT)) {
                    LOG.warn("job controller: caches did not sync within {}; starting anyway", SYNC_TIMEOUT);
                }
                controller.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** namespace/name of the Job controlling {@code pod}, or null. */
    static String jobKey(ObjectNode pod) {
        return Owners.controllerOf(pod)
                .filter(r -> "Job".equals(r.path("kind").asString("")) && r.path("apiVersion").asString("")
                        .startsWith("batch/"))
                .map(r -> Meta.namespace(pod) + "/" + r.path("name").asString(""))
                .orElse(null);
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
