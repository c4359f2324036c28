package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 documents, one per group version ({@code api/v1}, {@code apis/apps/v1}), as
 * upstream's apiserver publishes them under {@code /openapi/v3/<group version>}: the paths of
 * that group version's resources and, in {@code components.schemas}, every definition they
 * refer to. Stateless.
 */
final class OpenApiV3 {

    private OpenApiV3() {
    }

    /** The documents by group-version path ("api/v1", "apis/apps/v1"), sorted. */
    static Map<String, ObjectNode> documents(Schema schema, List<Paths.Resource> resources, String version) {
        Map<String, List<Paths.Resource>> byGroupVersion = new LinkedHashMap<>();
        for (Paths.Resource r : resources) {
            String key = r.type().group().isEmpty() ? "api/" + r.type().version()
                    : "apis/" + r.type().group() + "/" + r.type().version();
            byGroupVersion.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(r);
        }
        Map<String, ObjectNode> out = new TreeMap<>();
        byGroupVersion.forEach((key, rs) -> out.put(key, document(schema, rs, version)));
        return out;
    }

    /** One group version's document. */
    static ObjectNode document(Schema schema, List<Paths.Resource> resources, String version) {
        Definitions defs = new Definitions(schema, Definitions.Flavor.V3);
        Paths paths = new Paths(defs, Definitions.Flavor.V3);
        resources.forEach(paths::add);
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", version);
        ObjectNode p = doc.putObject("paths");
        paths.items().forEach(p::set);
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        defs.build().forEach(schemas::set);
        return doc;
    }
}
