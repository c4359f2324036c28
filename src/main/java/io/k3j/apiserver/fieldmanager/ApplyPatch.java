package io.k3j.apiserver.fieldmanager;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The body of a server-side apply request ({@value #MEDIA_TYPE}): one object in YAML or JSON
 * (JSON being YAML too; kubectl sends JSON). Anything that is not one object is a 400 "error
 * decoding YAML", as upstream answers. Stateless.
 */
public final class ApplyPatch {

    public static final String MEDIA_TYPE = "application/apply-patch+yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ApplyPatch() {
    }

    /** The applied configuration; an empty body is an empty object. */
    public static ObjectNode parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.object();
        }
        JsonNode n;
        try {
            n = text.stripLeading().startsWith("{") ? Json.MAPPER.readTree(text) : YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ApiException(Status.badRequest("error decoding YAML: " + e.getOriginalMessage()));
        }
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Json.object();
        }
        if (!(n instanceof ObjectNode o)) {
            throw new ApiException(Status.badRequest("error decoding YAML: error unmarshaling JSON: while decoding"
                    + " JSON: json: cannot unmarshal " + (n.isArray() ? "array" : n.isString() ? "string"
                    : n.isNumber() ? "number" : "bool") + " into Go value of type map[string]interface {}"));
        }
        return o;
    }
}
