package io.k3j.client.leaderelection;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lease-based leader election (upstream's leaderelection.LeaderElector with a LeaseLock). A
 * candidate tries every retryPeriod to create the Lease or, once the holder has not renewed it
 * for leaseDuration as observed locally, to take it over (acquireTime reset, leaseTransitions
 * incremented); every write carries the resourceVersion read, so of two racing candidates one
 * gets 409 and loses. The leader renews every retryPeriod and steps down (onStoppedLeading,
 * and the elector ends) when it has not renewed within renewDeadline. {@link #stop} releases a
 * held lease (empty holder, leaseDurationSeconds 1) so another candidate takes over at once.
 */
public final class LeaderElector {

    public static final Resource LEASES = Resource.of("coordination.k8s.io", "v1", "leases");

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final ApiClient client;
    private final LeaderElectionConfig config;
    private final LeaderCallbacks callbacks;
    private final Clock clock;
    private volatile boolean running;
    private volatile boolean leading;
    private volatile String observedHolder = "";
    private JsonNode observedSpec;
    private Instant observedTime = Instant.EPOCH;
    private Thread thread;

    public LeaderElector(ApiClient client, LeaderElectionConfig config, LeaderCallbacks callbacks, Clock clock) {
        this.client = client;
        this.config = config;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("leader-election-" + config.name()).start(this::run);
    }

    /** Stops campaigning; a leader releases the lease and gets onStoppedLeading before this returns. */
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            t.join();
        }
    }

    public boolean isLeader() {
        return leading;
    }

    /** The holder last seen on the lease ("" when none). */
    public String getLeader() {
        return observedHolder;
    }

    private void run() {
        while (running && !tryAcquireOrRenew()) {
            if (!pause(jittered(config.retryPeriod()))) {
                return;
            }
        }
        if (!running) {
            return;
        }
        leading = true;
        LOG.info("{} became leader of lease {}/{}", config.identity(), config.namespace(), config.name());
        Thread.ofVirtual().name("leading-" + config.name()).start(callbacks::onStartedLeading);
        Instant lastRenew = clock.instant();
        while (running) {
            if (!pause(config.retryPeriod())) {
                break;
            }
            if (tryAcquireOrRenew()) {
                lastRenew = clock.instant();
            } else if (Duration.between(lastRenew, clock.instant()).compareTo(config.renewDeadline()) > 0) {
                LOG.warn("{} lost lease {}/{}: not renewed within {}", config.identity(), config.namespace(),
                        config.name(), config.renewDeadline());
                break;
            }
        }
        leading = false;
        if (!running) {
            release();
        }
        callbacks.onStoppedLeading();
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Duration jittered(Duration d) {
        return d.plusNanos((long) (d.toNanos() * 1.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** One attempt to create, take over or renew the lease. */
    boolean tryAcquireOrRenew() {
        Instant now = clock.instant();
        ObjectNode lease;
        try {
            lease = client.get(LEASES, config.namespace(), config.name());
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                LOG.debug("reading lease {}/{}: {}", config.namespace(), config.name(), e.getMessage());
                return false;
            }
            ObjectNode created = Json.object();
            created.put("apiVersion", LEASES.apiVersion());
            created.put("kind", "Lease");
            created.putObject("metadata").put("name", config.name()).put("namespace", config.namespace());
            created.set("spec", spec(null, now));
            try {
                observe(client.create(LEASES, config.namespace(), created).path("spec"), now);
                return true;
            } catch (ApiException ce) {
                return false;
            }
        }
        JsonNode old = lease.path("spec");
        if (!old.equals(observedSpec)) {
            observe(old, now);
        }
        String holder = old.path("holderIdentity").asString("");
        boolean mine = holder.equals(config.identity());
        if (!holder.isEmpty() && !mine && observedTime.plus(config.leaseDuration()).isAfter(now)) {
            return false;
        }
        lease.set("spec", spec(old, now));
        try {
            observe(client.update(LEASES, config.namespace(), lease).path("spec"), now);
            return true;
        } catch (ApiException e) {
            LOG.debug("updating lease {}/{}: {}", config.namespace(), config.name(), e.getMessage());
            return false;
        }
    }

    private ObjectNode spec(JsonNode old, Instant now) {
        String time = MICRO_TIME.format(now);
        ObjectNode s = Json.object();
        s.put("holderIdentity", config.identity());
        s.put("leaseDurationSeconds", Math.max(1, config.leaseDuration().toSeconds()));
        boolean mine = old != null && config.identity().equals(old.path("holderIdentity").asString(""));
        int transitions = old == null ? 0 : old.path("leaseTransitions").asInt(0);
        if (mine && old.has("acquireTime")) {
            s.put("acquireTime", old.path("acquireTime").asString());
        } else {
            s.put("acquireTime", time);
            if (old != null) {
                transitions++;
            }
        }
        s.put("renewTime", time);
        s.put("leaseTransitions", transitions);
        return s;
    }

    private void observe(JsonNode spec, Instant now) {
        String before = observedHolder;
        observedSpec = spec.deepCopy();
        observedTime = now;
        observedHolder = spec.path("holderIdentity").asString("");
        if (!observedHolder.equals(before) && !observedHolder.isEmpty()) {
            callbacks.onNewLeader(observedHolder);
        }
    }

    /** Gives the lease up: empty holder, leaseDurationSeconds 1, transitions kept. */
    private void release() {
        try {
            ObjectNode lease = client.get(LEASES, config.namespace(), config.name());
            JsonNode old = lease.path("spec");
            if (!config.identity().equals(old.path("holderIdentity").asString(""))) {
                return;
            }
            ObjectNode s = Json.object();
            s.put("leaseDurationSeconds", 1);
            s.put("leaseTransitions", old.path("leaseTransitions").asInt(0));
            String time = MICRO_TIME.format(clock.instant());
            s.put("acquireTime", time);
            s.put("renewTime", time);
            lease.set("spec", s);
            client.update(LEASES, config.namespace(), lease);
        } catch (ApiException e) {
            LOG.warn("releasing lease {}/{}: {}", config.namespace(), config.name(), e.getMessage());
        }
    }
}
