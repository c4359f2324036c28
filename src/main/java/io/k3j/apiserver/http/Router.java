package io.k3j.apiserver.http;

import io.k3j.api.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes requests by exact path, or by path prefix for trees of paths (/openapi/v3/…). A route
 * is either public (answers without authentication, as K3s leaves /ping, /cacerts and health
 * checks) or needs an authenticated user; any other request from an anonymous client gets 401,
 * from a known one 404. Thread-safe.
 */
public final class Router implements Handler {

    private record Route(Handler handler, boolean open) {
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Route> prefixes = new ConcurrentHashMap<>();
    private volatile Handler fallback;

    public Router open(String path, Handler handler) {
        routes.put(path, new Route(handler, true));
        return this;
    }

    public Router authenticated(String path, Handler handler) {
        routes.put(path, new Route(handler, false));
        return this;
    }

    /** Routes every path under {@code prefix} (which ends in '/') to an authenticated handler. */
    public Router authenticatedPrefix(String prefix, Handler handler) {
        prefixes.put(prefix, new Route(handler, false));
        return this;
    }

    /** Handles authenticated requests for paths without a route of their own. */
    public Router fallback(Handler handler) {
        this.fallback = handler;
        return this;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        Route route = routes.get(request.path());
        if (route == null) {
            for (Map.Entry<String, Route> p : prefixes.entrySet()) {
                if (request.path().startsWith(p.getKey())) {
                    route = p.getValue();
                    break;
                }
            }
        }
        if (route != null && route.open()) {
            return route.handler().handle(request);
        }
        if (request.user().isEmpty()) {
            return ApiResponse.status(Status.unauthorized());
        }
        if (route == null) {
            Handler f = fallback;
            return f != null ? f.handle(request)
                    : ApiResponse.status(Status.notFound("the server could not find the requested resource"));
        }
        return route.handler().handle(request);
    }
}
