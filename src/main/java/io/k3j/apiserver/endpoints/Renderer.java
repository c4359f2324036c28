package io.k3j.apiserver.endpoints;

import io.k3j.api.Json;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.registry.ListPage;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.table.Printers;
import io.k3j.apiserver.table.Tables;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders objects and lists in the representation the client negotiated. Stateless. */
final class Renderer {

    private final Clock clock;

    Renderer(Clock clock) {
        this.clock = clock;
    }

    /** {@code obj} is the handler's own (a write's result, a datastore read). */
    ApiResponse object(int code, ResourceType type, ObjectNode obj, Output out, Tables.IncludeObject include) {
        return ApiResponse.json(code, objectNode(type, obj, out, include));
    }

    /** {@code obj} is the watch cache's. */
    ApiResponse cachedObject(int code, ResourceType type, ObjectNode obj, Output out,
                             Tables.IncludeObject include) {
        return ApiResponse.jsonShared(code, objectNode(type, obj, out, include));
    }

    ObjectNode objectNode(ResourceType type, ObjectNode obj, Output out, Tables.IncludeObject include) {
        obj = atVersion(type, obj);
        return switch (out.kind()) {
            case OBJECT -> obj;
            case PARTIAL -> Tables.partial(obj, out.metaApiVersion());
            case TABLE -> Tables.table(out.metaApiVersion(), printer(type),
                    List.of(obj), true, include, listMeta(null, null, null), clock.instant());
        };
    }

    ApiResponse list(ResourceType type, ListPage page, Output out, Tables.IncludeObject include) {
        ObjectNode meta = listMeta(Long.toString(page.revision()), page.continueToken(), page.remainingItemCount());
        ObjectNode body;
        switch (out.kind()) {
            case TABLE -> body = Tables.table(out.metaApiVersion(), printer(type),
                    page.items(), true, include, meta, clock.instant());
            case PARTIAL -> {
                body = Json.object();
                body.put("kind", "PartialObjectMetadataList");
                body.put("apiVersion", out.metaApiVersion());
                body.set("metadata", meta);
                ArrayNode items = body.putArray("items");
                for (ObjectNode o : page.items()) {
                    items.add(Tables.partial(o, out.metaApiVersion()));
                }
            }
            default -> {
                if (page.encoded() != null && !type.strategy().sharesStorageAcrossVersions()) {
                    return ApiResponse.json(200, encodedList(type, meta, page.encoded()));
                }
                body = Json.object();
                body.put("kind", type.kind() + "List");
                body.put("apiVersion", type.apiVersion());
                body.set("metadata", meta);
                ArrayNode items = body.putArray("items");
                for (ObjectNode o : page.items()) {
                    items.add(atVersion(type, o));
                }
            }
        }
        return ApiResponse.json(200, Json.bytes(body));
    }

    /** A plain list written from the items' cached JSON, without serializing the objects again. */
    private static byte[] encodedList(ResourceType type, ObjectNode meta, List<byte[]> items) {
        ObjectNode head = Json.object();
        head.put("kind", type.kind() + "List");
        head.put("apiVersion", type.apiVersion());
        head.set("metadata", meta);
        byte[] h = Json.bytes(head);
        int size = h.length + 12;
        for (byte[] item : items) {
            size += item.length + 1;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        out.write(h, 0, h.length - 1);
        out.writeBytes(",\"items\":[".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static ObjectNode listMeta(String rv, String cont, Long remaining) {
        ObjectNode m = Json.object();
        if (rv != null) {
            m.put("resourceVersion", rv);
        }
        if (cont != null) {
            m.put("continue", cont);
        }
        if (remaining != null) {
            m.put("remainingItemCount", remaining);
        }
        return m;
    }

    static Tables.IncludeObject include(String param) {
        if (param == null || param.isEmpty()) {
            return Tables.IncludeObject.METADATA;
        }
        return switch (param) {
            case "None" -> Tables.IncludeObject.NONE;
            case "Object" -> Tables.IncludeObject.OBJECT;
            case "Metadata" -> Tables.IncludeObject.METADATA;
            default -> throw new io.k3j.api.ApiException(io.k3j.api.Status.badRequest(
                    "includeObject: Unsupported value: \"" + param + "\""));
        };
    }

    /** The Table printer of a resource: its strategy's own, else the built-in one. */
    static io.k3j.apiserver.table.TableConvertor printer(ResourceType type) {
        io.k3j.apiserver.table.TableConvertor own = type.strategy().printer();
        return own != null ? own : Printers.forResource(type.qualifiedResource());
    }

    /** The object as the resource's version shows it (a copy when it was stored under another). */
    static ObjectNode atVersion(ResourceType type, ObjectNode obj) {
        if (!type.strategy().sharesStorageAcrossVersions() || type.apiVersion().equals(obj.path("apiVersion")
                .asString(""))) {
            return obj;
        }
        ObjectNode copy = obj.deepCopy();
        copy.put("apiVersion", type.apiVersion());
        return copy;
    }
}
