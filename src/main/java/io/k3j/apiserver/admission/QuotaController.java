package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.WriteObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each ResourceQuota's status (hard, used) up to date in-process, where upstream runs the
 * resource quota controller: after every committed write in a namespace that has quotas, the
 * namespace's usage is recounted from the watch caches (once they are consistent with the
 * datastore) and written to the quotas whose status differs. Admission charges quotas ahead of
 * the write, as upstream does; a namespace with charged writes not yet committed (for at most
 * {@value #IN_FLIGHT_MILLIS} ms) is recounted only after they land, so a recount cannot undo a
 * charge. Recounts run on one virtual thread. Thread-safe.
 */
public final class QuotaController implements WriteObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaController.class);
    static final long IN_FLIGHT_MILLIS = 5_000;
    private static final long RETRY_MILLIS = 200;
    /** How often every namespace with quotas is recounted anyway (upstream's default sync period). */
    private static final long RESYNC_MILLIS = 5 * 60_000;

    private final Registry registry;
    private final GenericStore quotas;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> inFlight = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private Thread worker;

    public QuotaController(Registry registry, Clock clock) {
        this.registry = registry;
        this.quotas = registry.core("resourcequotas");
        this.clock = clock;
    }

    /** Observes every namespaced store and recounts the namespaces that have quotas. */
    public void start() {
        for (GenericStore s : registry.stores()) {
            if (s.type().namespaced()) {
                s.addObserver(this);
            }
        }
        Set<String> namespaces = new HashSet<>();
        for (ObjectNode q : Lookups.list(quotas, null)) {
            namespaces.add(Meta.namespace(q));
        }
        namespaces.forEach(ns -> enqueue(ns, 0));
        worker = Thread.ofVirtual().name("k3j-resourcequota-status").start(this::run);
    }

    /** Queues every namespace with quotas: pods past their deletion grace period stop counting without a write. */
    private void resyncAll() {
        for (ObjectNode q : quotas.cache().list(quotas.type().keyPrefix(), null, 0,
                io.k3j.apiserver.watch.WatchFilter.ALL).items().stream().map(o -> o.object()).toList()) {
            enqueue(Meta.namespace(q), 0);
        }
    }

    /** The lock admission and recounts of one namespace hold while reading and writing quota status. */
    ReentrantLock lock(String namespace) {
        return locks.computeIfAbsent(namespace, k -> new ReentrantLock());
    }

    /** Records a charged write that has not been committed yet. */
    void charged(String namespace, ResourceType type, String name) {
        inFlight.computeIfAbsent(namespace, k -> new ConcurrentHashMap<>())
                .put(type.qualifiedResource() + "/" + name, clock.millis() + IN_FLIGHT_MILLIS);
    }

    @Override
    public void written(ResourceType type, String namespace, String name, String subresource, ObjectNode before,
                        ObjectNode after) {
        if (namespace == null) {
            return;
        }
        Map<String, Long> pending = inFlight.get(namespace);
        if (pending != null) {
            pending.remove(type.qualifiedResource() + "/" + name);
        }
        boolean quotaObject = type.group().isEmpty() && type.resource().equals("resourcequotas");
        if (quotaObject && "status".equals(subresource)) {
            return;
        }
        if (quotaObject || hasQuotas(namespace)) {
            enqueue(namespace, 0);
        }
    }

    private boolean hasQuotas(String namespace) {
        return !quotas.cache().list(quotas.type().prefix(namespace), null, 1,
                io.k3j.apiserver.watch.WatchFilter.ALL).items().isEmpty();
    }

    private void enqueue(String namespace, long delayMillis) {
        if (queued.add(namespace)) {
            queue.add(new Pending(namespace, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis)));
        }
    }

    private void run() {
        long nextResync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESYNC_MILLIS);
        while (!Thread.currentThread().isInterrupted()) {
            Pending next;
            try {
                next = queue.poll(RESYNC_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() - nextResync > 0) {
                nextResync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESYNC_MILLIS);
                resyncAll();
            }
            if (next == null) {
                continue;
            }
            queued.remove(next.namespace);
            try {
                if (!recount(next.namespace, false)) {
                    enqueue(next.namespace, RETRY_MILLIS);
                }
            } catch (ApiException e) {
                if (e.status().code() == 409) {
                    enqueue(next.namespace, RETRY_MILLIS);
                } else {
                    LOG.warn("could not update quota status in namespace {}: {}", next.namespace, e.status().message());
                    enqueue(next.namespace, 1000);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not update quota status in namespace {}: {}", next.namespace, e.toString());
                enqueue(next.namespace, 1000);
            }
        }
    }

    /**
     * Recounts a namespace's usage and writes the quotas whose status differs. Unless {@code
     * force}, gives up (false) while charged writes are in flight.
     */
    boolean recount(String namespace, boolean force) {
        ReentrantLock lock = lock(namespace);
        lock.lock();
        try {
            Map<String, Long> pending = inFlight.get(namespace);
            if (pending != null) {
                long now = clock.millis();
                pending.values().removeIf(expiry -> expiry < now);
                if (!pending.isEmpty() && !force) {
                    return false;
                }
            }
            List<ObjectNode> list = Lookups.list(quotas, namespace);
            if (list.isEmpty()) {
                return true;
            }
            Set<String> names = new HashSet<>();
            for (ObjectNode q : list) {
                q.path("spec").path("hard").propertyNames().forEach(names::add);
            }
            Map<ObjectNode, Map<String, Quantity>> used = new java.util.IdentityHashMap<>();
            for (ObjectNode q : list) {
                used.put(q, new LinkedHashMap<>());
            }
            Instant now = clock.instant();
            for (GenericStore s : registry.stores()) {
                ResourceType type = s.type();
                if (!type.namespaced() || names.stream().noneMatch(n -> QuotaUsage.tracks(type, n))) {
                    continue;
                }
                for (ObjectNode obj : Lookups.list(s, namespace)) {
                    Map<String, Quantity> usage = QuotaUsage.usage(type, obj, now);
                    for (ObjectNode q : list) {
                        if (QuotaUsage.inScope(q, type, obj)) {
                            ResourceLists.add(used.get(q), usage);
                        }
                    }
                }
            }
            for (ObjectNode q : list) {
                writeStatus(q, used.get(q));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeStatus(ObjectNode quota, Map<String, Quantity> usage) {
        ObjectNode status = Json.object();
        ObjectNode hard = status.putObject("hard");
        ObjectNode used = status.putObject("used");
        for (Map.Entry<String, JsonNode> e : quota.path("spec").path("hard").properties()) {
            Quantity h = Quantity.of(e.getValue());
            hard.put(e.getKey(), h == null ? e.getValue().asString("") : h.toString());
            Quantity u = usage.get(e.getKey());
            used.put(e.getKey(), (u == null ? Quantity.ZERO : u).toString());
        }
        if (Objects.equals(quota.get("status"), status)) {
            return;
        }
        ObjectNode updated = quota.deepCopy();
        updated.set("status", status);
        try {
            quotas.update(Meta.namespace(quota), Meta.name(quota), updated, "status", false);
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.interrupt();
        }
    }

    private record Pending(String namespace, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    /** The names of the namespaces with charged writes in flight (for tests). */
    List<String> inFlightNamespaces() {
        List<String> out = new ArrayList<>();
        inFlight.forEach((ns, m) -> {
            if (!m.isEmpty()) {
                out.add(ns);
            }
        });
        return out;
    }
}
