package io.k3j.apiserver.apiextensions;

import io.k3j.api.Status;
import java.util.List;
import tools.jackson.databind.JsonNode;

public final class SchemaValidator {
    public static List<Status.Cause> validate(JsonNode object, JsonNode schema) {
        return List.of();
    }
}
