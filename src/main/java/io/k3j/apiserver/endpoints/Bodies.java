package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.protobuf.ProtobufDecoder;
import io.k3j.apiserver.protobuf.ProtobufException;
import io.k3j.apiserver.schema.Schema;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies that carry an object: JSON, or Kubernetes protobuf for the kinds the schema
 * describes. Anything else is 415; a body that does not decode is 400.
 */
final class Bodies {

    static final String JSON = "application/json";
    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private static final ProtobufDecoder DECODER = new ProtobufDecoder(Schema.builtin());

    private Bodies() {
    }

    /** The body as an object; {@code apiVersion} and {@code kind} are what the endpoint expects. */
    static ObjectNode object(ApiRequest req, String apiVersion, String kind) {
        String ct = mediaType(req);
        switch (ct) {
            case JSON -> {
                return req.object() != null ? req.object() : Json.parseObject(req.body());
            }
            case PROTOBUF -> {
                try {
                    return DECODER.decode(req.body(), Schema.builtin().kind(apiVersion, kind));
                } catch (ProtobufException e) {
                    throw new ApiException(Status.badRequest("the protobuf body of the request could not be"
                            + " decoded: " + e.getMessage()));
                } catch (ProtobufDecoder.UnsupportedException e) {
                    throw unsupported();
                }
            }
            default -> throw unsupported();
        }
    }

    private static ApiException unsupported() {
        return new ApiException(Status.unsupportedMediaType("the body of the request was in an unknown format"
                + " - accepted media types include: " + JSON + ", " + PROTOBUF));
    }

    /** The request's media type, lower case, without parameters; JSON when absent. */
    static String mediaType(ApiRequest req) {
        String ct = req.header("content-type");
        if (ct == null || ct.isBlank()) {
            return JSON;
        }
        return ct.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }
}
