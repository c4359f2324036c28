package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.table.Tables;
import io.k3j.apiserver.watch.CacheWatcher;
import io.k3j.apiserver.watch.WatchEvent;
import io.k3j.apiserver.watch.WatchSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves watches as a chunked stream of JSON lines, one flushed chunk per event, with
 * bookmarks, timeouts and upstream's ERROR event for a too-old resourceVersion.
 */
final class WatchHandler {

    private static final byte[] PREFIX_OPEN = "{\"type\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PREFIX_OBJECT = "\",\"object\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUFFIX = "}\n".getBytes(StandardCharsets.UTF_8);
    private static final long BOOKMARK_EVERY_MS = 60_000;

    private final Clock clock;

    WatchHandler(Clock clock) {
        this.clock = clock;
    }

    ApiResponse watch(ApiRequest req, GenericStore store, String namespace, ListOptions opts, Output out,
                      Tables.IncludeObject include) {
        long timeout = QueryParams.longParam(req, "timeoutSeconds", 0);
        long timeoutMs = timeout > 0 ? timeout * 1000
                : (long) (1800_000 * (1 + ThreadLocalRandom.current().nextDouble()));
        boolean bookmarks = QueryParams.boolParam(req, "allowWatchBookmarks");
        boolean initialEvents = QueryParams.boolParam(req, "sendInitialEvents");
        if (initialEvents && !"NotOlderThan".equals(opts.resourceVersionMatch())) {
            throw new ApiException(Status.invalid("meta.k8s.io", "ListOptions", "", List.of(new Status.Cause(
                    "FieldValueInvalid", "Invalid value: \"" + opts.resourceVersionMatch() + "\": sendInitialEvents"
                    + " requires setting resourceVersionMatch to NotOlderThan", "resourceVersionMatch"))));
        }
        return ApiResponse.streaming("application/json", stream -> {
            CountDownLatch done = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            WatchSink sink = new WatchSink() {
                @Override
                public boolean send(WatchEvent e) {
                    if (e.type() == WatchEvent.Type.BOOKMARK && !bookmarks && !initialEvents) {
                        return true;
                    }
                    boolean firstEvent = first.getAndSet(false);
                    if (e.type() != WatchEvent.Type.BOOKMARK && out.kind() == Output.Kind.OBJECT
                            && !store.type().strategy().sharesStorageAcrossVersions()) {
                        return stream.writeEvent(e.type().name(), e.object().object(),
                                () -> frame(store, e, out, include, firstEvent));
                    }
                    return stream.write(frame(store, e, out, include, firstEvent));
                }

                @Override
                public void end(String reason) {
                    done.countDown();
                }
            };
            CacheWatcher watcher;
            try {
                watcher = store.watch(namespace, opts, initialEvents, sink);
            } catch (ApiException e) {
                stream.write(error(e.status()));
                return;
            }
            stream.onClose(() -> {
                watcher.close();
                done.countDown();
            });
            long deadline = System.currentTimeMillis() + timeoutMs;
            try {
                while (true) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0 || done.await(Math.min(left, BOOKMARK_EVERY_MS), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    if (bookmarks) {
                        store.cache().bookmark(watcher);
                    }
                }
            } finally {
                watcher.close();
            }
        });
    }

    private byte[] frame(GenericStore store, WatchEvent e, Output out, Tables.IncludeObject include, boolean first) {
        byte[] object;
        if (e.type() == WatchEvent.Type.BOOKMARK) {
            ObjectNode mark = e.object().object().deepCopy();
            if (out.kind() == Output.Kind.OBJECT) {
                mark.put("kind", store.type().kind());
                mark.put("apiVersion", store.type().apiVersion());
            } else {
                mark.put("kind", out.kind() == Output.Kind.TABLE ? "Table" : "PartialObjectMetadata");
                mark.put("apiVersion", out.metaApiVersion());
            }
            object = Json.bytes(mark);
        } else {
            object = switch (out.kind()) {
                case OBJECT -> store.type().strategy().sharesStorageAcrossVersions()
                        ? Json.bytes(Renderer.atVersion(store.type(), e.object().object())) : e.object().json();
                case PARTIAL -> Json.bytes(Tables.partial(e.object().object(), out.metaApiVersion()));
                case TABLE -> Json.bytes(Tables.table(out.metaApiVersion(),
                        Renderer.printer(store.type()), List.of(e.object().object()), first,
                        include, Renderer.listMeta(Long.toString(e.revision()), null, null), clock.instant()));
            };
        }
        byte[] type = e.type().name().getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[PREFIX_OPEN.length + type.length + PREFIX_OBJECT.length + object.length + SUFFIX.length];
        int p = 0;
        for (byte[] part : new byte[][]{PREFIX_OPEN, type, PREFIX_OBJECT, object, SUFFIX}) {
            System.arraycopy(part, 0, f, p, part.length);
            p += part.length;
        }
        return f;
    }

    static byte[] error(Status status) {
        ObjectNode ev = Json.object();
        ev.put("type", "ERROR");
        ev.set("object", status.toNode());
        byte[] body = Json.bytes(ev);
        byte[] out = new byte[body.length + 1];
        System.arraycopy(body, 0, out, 0, body.length);
        out[body.length] = '\n';
        return out;
    }
}
