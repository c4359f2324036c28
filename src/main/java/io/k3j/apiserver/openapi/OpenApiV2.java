package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.Schema;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Swagger 2.0 document of {@code /openapi/v2}: every served resource's paths and every
 * definition they refer to, in one document, as upstream's apiserver publishes it. Stateless.
 */
final class OpenApiV2 {

    private OpenApiV2() {
    }

    static ObjectNode document(Schema schema, List<Paths.Resource> resources, String version) {
        Definitions defs = new Definitions(schema, Definitions.Flavor.V2);
        Paths paths = new Paths(defs, Definitions.Flavor.V2);
        resources.forEach(paths::add);
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", version);
        ObjectNode p = doc.putObject("paths");
        paths.items().forEach(p::set);
        ObjectNode d = doc.putObject("definitions");
        defs.build().forEach(d::set);
        return doc;
    }
}
