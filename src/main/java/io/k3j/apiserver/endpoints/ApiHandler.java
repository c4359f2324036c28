package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import io.k3j.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes API for authenticated requests that no fixed route took: discovery and
 * resources. Every failure leaves here as a {@link Status}.
 */
public final class ApiHandler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final DiscoveryHandler discovery;
    private final ResourceHandler resources;
    private final Authorizer authorizer;

    public ApiHandler(DiscoveryHandler discovery, ResourceHandler resources, Authorizer authorizer) {
        this.discovery = discovery;
        this.resources = resources;
        this.authorizer = authorizer;
    }

    @Override
    public ApiResponse handle(ApiRequest req) {
        try {
            RequestInfo info = RequestInfo.parse(req.method(), req.path(), isWatch(req));
            if (!info.resourceRequest()) {
                UserInfo user = req.user().orElseThrow(() -> new ApiException(Status.unauthorized()));
                Attributes a = new Attributes(user, req.method().toLowerCase(java.util.Locale.ROOT), false, null, null,
                        null, null, null, req.path());
                if (!authorizer.allowed(a)) {
                    return ApiResponse.status(Status.forbidden(a.forbiddenMessage()));
                }
                if (req.method().equals("GET")) {
                    ApiResponse d = discovery.handle(info.parts(), req.header("accept"));
                    if (d != null) {
                        return d;
                    }
                }
                return ApiResponse.status(Status.notFound("the server could not find the requested resource"));
            }
            return resources.handle(req, info);
        } catch (ApiException e) {
            return ApiResponse.status(e.status());
        } catch (StorageException e) {
            LOG.error("{} {}: datastore error: {}", req.method(), req.path(), e.getMessage());
            return ApiResponse.status(Status.internalError(e.getMessage()));
        }
    }

    private static boolean isWatch(ApiRequest req) {
        String w = req.queryParam("watch");
        return w != null && (w.isEmpty() || w.equals("true") || w.equals("1"));
    }
}
