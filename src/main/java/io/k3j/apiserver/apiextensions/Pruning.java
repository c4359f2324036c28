package io.k3j.apiserver.apiextensions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

public final class Pruning {
    public static void prune(ObjectNode object, JsonNode schema) {
    }
}
