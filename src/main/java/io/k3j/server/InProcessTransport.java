package io.k3j.server;

import io.k3j.api.ApiException;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import io.k3j.api.Status;
import io.k3j.client.Transport;
import io.k3j.storage.CommitWait;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client {@link Transport} for components running inside the server: requests go straight
 * to the API server's handler, without a socket, as the fixed in-process identity
 * {@code system:k3j-controller-manager} (group system:masters), so authorization, admission and
 * watch semantics are those of any remote client. Thread-safe.
 */
public final class InProcessTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessTransport.class);

    public static final UserInfo IDENTITY = new UserInfo("system:k3j-controller-manager",
            List.of("system:masters", UserInfo.ALL_AUTHENTICATED));

    private final Handler handler;
    private final UserInfo user;
    private final String userAgent;
    private final ComponentPermits inFlight;

    public InProcessTransport(Handler handler) {
        this(handler, IDENTITY, null);
    }

    public InProcessTransport(Handler handler, UserInfo user) {
        this(handler, user, null);
    }

    /**
     * With {@code userAgent} sent on requests that carry none: it names the component, and the
     * API server derives the default field manager from it (e.g. {@code kube-controller-manager}).
     */
    public InProcessTransport(Handler handler, UserInfo user, String userAgent) {
        this(handler, user, userAgent, null);
    }

    /**
     * As above; with {@code inFlight}, each non-watch request holds one of its permits while the
     * server handles it, so that the server's own components, however many workers they run,
     * leave the CPU to remote clients (see {@link ComponentPermits}).
     */
    public InProcessTransport(Handler handler, UserInfo user, String userAgent,
                              ComponentPermits inFlight) {
        this.handler = handler;
        this.user = user;
        this.userAgent = userAgent;
        this.inFlight = inFlight;
    }

    @Override
    public Response send(Request request) throws IOException {
        if (inFlight == null) {
            return respond(request);
        }
        ComponentPermits.Permit permit;
        try {
            permit = inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting to send " + request.method() + " "
                    + request.path());
        }
        try (permit) {
            return ScopedValue.where(CommitWait.HOOK, permit).call(() -> respond(request));
        }
    }

    private Response respond(Request request) throws IOException {
        ApiResponse r = handle(request);
        if (r.stream() != null) {
            try (Stream s = open(r, request)) {
                return new Response(s.status(), s.headers(), s.body().readAllBytes());
            }
        }
        if (r.object() != null) {
            // a cached read's object is the server's: the client gets its own copy
            return new Response(r.status(), headers(r), null,
                    r.sharesObject() ? r.object().deepCopy() : r.object());
        }
        return new Response(r.status(), headers(r), r.body());
    }

    @Override
    public Stream stream(Request request) throws IOException {
        ApiResponse r = handle(request);
        if (r.stream() == null) {
            return new CompleteStream(r.status(), headers(r), r.body());
        }
        return open(r, request);
    }

    private ApiResponse handle(Request request) throws IOException {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        if (userAgent != null) {
            headers.putIfAbsent("user-agent", userAgent);
        }
        ApiRequest req = request.object() != null
                ? new ApiRequest(request.method(), request.path(), request.query(), headers, null, Optional.of(user),
                        request.object().deepCopy())
                : new ApiRequest(request.method(), request.path(), request.query(), headers, request.body(),
                        Optional.of(user));
        try {
            return handler.handle(req);
        } catch (ApiException e) {
            return ApiResponse.status(e.status());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return ApiResponse.status(Status.internalError("internal error: " + e.getClass().getSimpleName()));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Stream open(ApiResponse r, Request request) {
        PipeStream pipe = new PipeStream(r.status(), headers(r));
        Thread.ofVirtual().name("in-process-stream").start(() -> {
            try {
                r.stream().write(pipe);
            } catch (Exception e) {
                LOG.debug("stream {} ended: {}", request.path(), e.toString());
            } finally {
                pipe.finish();
            }
        });
        return pipe;
    }

    private static Map<String, String> headers(ApiResponse r) {
        Map<String, String> h = new HashMap<>();
        r.headers().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        if (r.contentType() != null) {
            h.put("content-type", r.contentType());
        }
        return h;
    }

    /** A response that was complete, offered as a stream. */
    private record CompleteStream(int status, Map<String, String> headers, byte[] bytes) implements Stream {

        @Override
        public InputStream body() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {
        }
    }
}
