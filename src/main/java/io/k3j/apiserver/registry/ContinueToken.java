package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The opaque {@code continue} token of a paged list: the revision of the first page and the last key. */
public record ContinueToken(long revision, String startAfter) {

    public String encode() {
        ObjectNode o = Json.object();
        o.put("v", "meta.k8s.io/v1");
        o.put("rv", revision);
        o.put("start", startAfter);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(o));
    }

    public static ContinueToken decode(String token) {
        try {
            JsonNode o = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token.strip()),
                    StandardCharsets.UTF_8));
            if (!"meta.k8s.io/v1".equals(o.path("v").asString()) || !o.path("rv").canConvertToLong()
                    || !o.path("start").isString()) {
                throw new IllegalArgumentException("unknown token");
            }
            return new ContinueToken(o.path("rv").asLong(), o.path("start").asString());
        } catch (RuntimeException e) {
            throw new ApiException(Status.badRequest("continue key is not valid: " + e.getMessage()));
        }
    }
}
