package io.k3j.apiserver.apiextensions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

public final class Defaulting {
    public static void apply(ObjectNode object, JsonNode schema) {
    }
}
