package io.k3j.apiserver.http;

import io.k3j.apiserver.authn.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;
import io.k3j.api.Json;

/**
 * A fully received HTTP request as handlers see it: method, path, decoded query parameters,
 * headers (lower-case names), body, and the authenticated user if any.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> headers, byte[] body, Optional<UserInfo> user, ObjectNode object) {

    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                      byte[] body, Optional<UserInfo> user) {
        this(method, path, query, headers, body, user, null);
    }

    /**
     * The body; a request from inside the server may carry its JSON object instead
     * ({@link #object}, the handler's to keep), encoded here only when the bytes are asked for.
     */
    @Override
    public byte[] body() {
        return body == null ? object == null ? new byte[0] : Json.bytes(object) : body;
    }

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
