package io.k3j.controllers;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes core/v1 Events for controllers, as upstream's record.EventRecorder: named
 * {@code <object>.<hex nanos>}, in the involved object's namespace ({@code default} for
 * cluster-scoped objects). A repeat of the same event (same component, object, type, reason and
 * message) raises the existing Event's {@code count} and {@code lastTimestamp} instead of adding
 * one. Events are written by a background thread; when more than 1,000 are waiting, new ones are
 * dropped, as upstream drops them under pressure.
 */
public final class EventRecorder implements AutoCloseable {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    static final Resource EVENTS = Resource.core("events");
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int MAX_REMEMBERED = 4096;

    /** Events of one component (the {@code source.component} upstream shows in {@code kubectl describe}). */
    public interface Recorder {
        void event(ObjectNode involved, String apiVersion, String kind, String type, String reason, String message);

        default void normal(ObjectNode involved, String apiVersion, String kind, String reason, String message) {
            event(involved, apiVersion, kind, NORMAL, reason, message);
        }

        default void warning(ObjectNode involved, String apiVersion, String kind, String reason, String message) {
            event(involved, apiVersion, kind, WARNING, reason, message);
        }
    }

    private record Pending(String component, ObjectNode involved, String apiVersion, String kind, String type,
                           String reason, String message, Instant at) {
        String key() {
            return component + "\u0000" + Meta.uid(involved) + "\u0000" + Meta.name(involved) + "\u0000" + type
                    + "\u0000" + reason + "\u0000" + message;
        }
    }

    private record Written(String namespace, String name, int count) {
    }

    private final ApiClient client;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(1000);
    private final Map<String, Written> written = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Thread writer;
    private volatile boolean closed;

    public EventRecorder(ApiClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("event-recorder").start(this::writeLoop);
    }

    public Recorder forComponent(String component) {
        return (involved, apiVersion, kind, type, reason, message) -> {
            if (closed) {
                return;
            }
            if (!queue.offer(new Pending(component, involved, apiVersion, kind, type, reason, message,
                    clock.instant()))) {
                LOG.debug("event dropped (queue full): {} {} {}", kind, Meta.name(involved), reason);
            }
        };
    }

    private void writeLoop() {
        while (!closed) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                write(p);
            } catch (RuntimeException e) {
                LOG.debug("cannot write event {} for {} {}: {}", p.reason(), p.kind(), Meta.name(p.involved()),
                        e.toString());
            }
        }
    }

    /** Waits until every event recorded so far was written or dropped (for tests and shutdown). */
    public void flush(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private void write(Pending p) {
        String namespace = Meta.namespace(p.involved());
        if (namespace == null || namespace.isEmpty()) {
            namespace = "default";
        }
        String ts = p.at().truncatedTo(ChronoUnit.SECONDS).toString();
        String key = p.key();
        Written previous;
        synchronized (written) {
            previous = written.get(key);
        }
        if (previous != null) {
            ObjectNode patch = Json.object();
            patch.put("count", previous.count() + 1);
            patch.put("lastTimestamp", ts);
            try {
                client.patch(EVENTS, previous.namespace(), previous.name(), PatchType.MERGE, patch, io.k3j.client.PatchOptions.none());
                synchronized (written) {
                    written.put(key, new Written(previous.namespace(), previous.name(), previous.count() + 1));
                }
                return;
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
        ObjectNode event = Json.object();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        ObjectNode meta = event.putObject("metadata");
        String name = Meta.name(p.involved()) + "." + Long.toHexString(p.at().getEpochSecond() * 1_000_000_000L
                + p.at().getNano() + System.nanoTime() % 1000);
        meta.put("name", name);
        meta.put("namespace", namespace);
        ObjectNode ref = event.putObject("involvedObject");
        ref.put("kind", p.kind());
        String ns = Meta.namespace(p.involved());
        if (ns != null && !ns.isEmpty()) {
            ref.put("namespace", ns);
        }
        ref.put("name", Meta.name(p.involved()));
        if (Meta.uid(p.involved()) != null) {
            ref.put("uid", Meta.uid(p.involved()));
        }
        ref.put("apiVersion", p.apiVersion());
        if (Meta.resourceVersion(p.involved()) != null) {
            ref.put("resourceVersion", Meta.resourceVersion(p.involved()));
        }
        event.put("reason", p.reason());
        event.put("message", p.message());
        event.putObject("source").put("component", p.component());
        event.put("firstTimestamp", ts);
        event.put("lastTimestamp", ts);
        event.put("count", 1);
        event.put("type", p.type());
        event.putNull("eventTime");
        event.put("reportingComponent", p.component());
        event.put("reportingInstance", "");
        client.create(EVENTS, namespace, event);
        synchronized (written) {
            written.put(key, new Written(namespace, name, 1));
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
    }
}
