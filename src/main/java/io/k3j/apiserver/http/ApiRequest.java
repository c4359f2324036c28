package io.k3j.apiserver.http;

import io.k3j.apiserver.authn.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fully received HTTP request as handlers see it: method, path, decoded query parameters,
 * headers (lower-case names), body, and the authenticated user if any.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> headers, byte[] body, Optional<UserInfo> user) {

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean hasQueryParam(String name) {
        return query.containsKey(name);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
