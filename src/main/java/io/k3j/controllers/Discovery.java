package io.k3j.controllers;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's resources as its discovery documents list them (upstream's
 * ServerPreferredResources): /api/v1, then every group's preferred version, subresources left
 * out. Groups that fail to answer are reported in {@link Result#failedGroups} while the others
 * are still returned. Also maps an owner reference's apiVersion and kind to its resource
 * (upstream's RESTMapper).
 */
public final class Discovery {

    /** One resource: its coordinates, kind, scope and verbs. */
    public record ApiResource(Resource resource, String kind, boolean namespaced, Set<String> verbs) {

        public boolean supports(String... wanted) {
            for (String v : wanted) {
                if (!verbs.contains(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The resources found, and the group versions whose discovery failed (with the error). */
    public record Result(List<ApiResource> resources, Map<String, String> failedGroups) {

        /** The resource serving {@code kind} in {@code apiVersion}'s group (exact version preferred). */
        public Optional<ApiResource> forKind(String apiVersion, String kind) {
            String group = groupOf(apiVersion);
            ApiResource sameGroup = null;
            for (ApiResource r : resources) {
                if (r.kind().equals(kind) && r.resource().group().equals(group)) {
                    if (r.resource().apiVersion().equals(apiVersion)) {
                        return Optional.of(r);
                    }
                    sameGroup = sameGroup == null ? r : sameGroup;
                }
            }
            return Optional.ofNullable(sameGroup);
        }
    }

    private Discovery() {
    }

    /** The group of an apiVersion ("v1" → "", "apps/v1" → "apps"). */
    public static String groupOf(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public static Result discover(ApiClient client) {
        List<ApiResource> out = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        try {
            addResources(out, "", "v1", get(client, "/api/v1"));
        } catch (ApiException e) {
            failed.put("v1", e.status().message());
        }
        ObjectNode groups;
        try {
            groups = get(client, "/apis");
        } catch (ApiException e) {
            failed.put("apis", e.status().message());
            return new Result(out, failed);
        }
        for (JsonNode g : groups.path("groups")) {
            String name = g.path("name").asString("");
            String gv = g.path("preferredVersion").path("groupVersion").asString("");
            if (gv.isEmpty() && !g.path("versions").isEmpty()) {
                gv = g.path("versions").get(0).path("groupVersion").asString("");
            }
            if (gv.isEmpty()) {
                continue;
            }
            try {
                addResources(out, name, gv.substring(gv.indexOf('/') + 1), get(client, "/apis/" + gv));
            } catch (ApiException e) {
                failed.put(gv, e.status().message());
            }
        }
        return new Result(out, failed);
    }

    private static void addResources(List<ApiResource> out, String group, String version, ObjectNode list) {
        for (JsonNode r : list.path("resources")) {
            String name = r.path("name").asString("");
            if (name.isEmpty() || name.contains("/")) {
                continue;
            }
            Set<String> verbs = new java.util.HashSet<>();
            for (JsonNode v : r.path("verbs")) {
                verbs.add(v.asString(""));
            }
            out.add(new ApiResource(Resource.of(group, version, name), r.path("kind").asString(""),
                    r.path("namespaced").asBoolean(false), Set.copyOf(verbs)));
        }
    }

    private static ObjectNode get(ApiClient client, String path) {
        Transport.Response resp;
        try {
            resp = client.transport().send(new Transport.Request("GET", path, Map.of(),
                    Map.of("accept", "application/json"), new byte[0]));
        } catch (IOException e) {
            throw new ApiException(new Status(500, "InternalError", "cannot reach the API server: " + e.getMessage()));
        }
        if (resp.status() / 100 != 2) {
            throw new ApiException(new Status(resp.status(), "Failure", "discovery of " + path + " failed with "
                    + resp.status()));
        }
        JsonNode n = Json.tree(resp.body());
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new ApiException(Status.internalError("unexpected discovery response for " + path));
    }
}
