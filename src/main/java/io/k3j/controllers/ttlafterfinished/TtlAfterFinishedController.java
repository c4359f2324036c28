package io.k3j.controllers.ttlafterfinished;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexer;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ttl-after-finished controller: deletes a finished Job (Complete or Failed) once
 * {@code spec.ttlSecondsAfterFinished} have passed since it finished, with propagationPolicy
 * Background; Jobs not yet expired are looked at again when they expire. Before deleting it
 * re-reads the Job from the API, in case its TTL was changed, and deletes with that
 * resourceVersion as precondition.
 */
public final class TtlAfterFinishedController implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(TtlAfterFinishedController.class);
    static final Resource JOBS = Resource.of("batch", "v1", "jobs");

    private Controller controller;

    @Override
    public String name() {
        return "ttl-after-finished";
    }

    @Override
    public void start(ControllerContext context) {
        SharedInformer jobs = context.informers().get(JOBS);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        ApiClient client = context.client();
        Clock clock = context.clock();
        Indexer index = jobs.indexer();
        controller = new Controller("ttl-after-finished", queue, 2, key -> {
            Optional<ObjectNode> cached = index.get(key);
            if (cached.isEmpty()) {
                return;
            }
            Optional<Duration> left = timeLeft(cached.get(), clock.instant());
            if (left.isEmpty()) {
                return;
            }
            if (left.get().isPositive()) {
                queue.addAfter(key, left.get());
                return;
            }
            ObjectNode fresh;
            try {
                fresh = client.get(JOBS, Meta.namespace(cached.get()), Meta.name(cached.get()));
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    return;
                }
                throw e;
            }
            Optional<Duration> freshLeft = timeLeft(fresh, clock.instant());
            if (freshLeft.isEmpty()) {
                return;
            }
            if (freshLeft.get().isPositive()) {
                queue.addAfter(key, freshLeft.get());
                return;
            }
            try {
                client.delete(JOBS, Meta.namespace(fresh), Meta.name(fresh), DeleteOptions.propagation("Background")
                        .withPreconditions(Meta.uid(fresh), Meta.resourceVersion(fresh)));
                LOG.debug("ttl-after-finished: deleted job {}", key);
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        });
        jobs.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode job) {
                enqueue(job);
            }

            @Override
            public void onUpdate(ObjectNode oldJob, ObjectNode job) {
                enqueue(job);
            }

            private void enqueue(ObjectNode job) {
                if (timeLeft(job, clock.instant()).isPresent()) {
                    queue.add(Store.key(job));
                }
            }
        });
        controller.run();
    }

    /**
     * How long until {@code job} expires (zero or negative: it has), or empty when it has no TTL,
     * has not finished, or is being deleted.
     */
    public static Optional<Duration> timeLeft(JsonNode job, Instant now) {
        JsonNode ttl = job.path("spec").path("ttlSecondsAfterFinished");
        if (!ttl.isNumber() || !job.path("metadata").path("deletionTimestamp").asString("").isEmpty()) {
            return Optional.empty();
        }
        Instant finished = finishTime(job);
        if (finished == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, finished.plusSeconds(ttl.asLong())));
    }

    /** The lastTransitionTime of the True Complete or Failed condition, or null. */
    static Instant finishTime(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asString("");
            if ((type.equals("Complete") || type.equals("Failed")) && "True".equals(c.path("status").asString(""))) {
                String t = c.path("lastTransitionTime").asString("");
                return t.isEmpty() ? null : Instant.parse(t);
            }
        }
        return null;
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
