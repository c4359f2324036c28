package io.k3j.apiserver.apiextensions;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.ScalePaths;
import io.k3j.apiserver.registry.Strategy;
import io.k3j.apiserver.schema.UnknownFields;
import io.k3j.apiserver.table.TableConvertor;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One served version of a custom resource: defaults and pruning by the version's schema on
 * every write, validation against it, status dropped on create when the status subresource is
 * enabled (it is written through /status), and the version's printer columns. With several
 * versions, objects are stored at the storage version (conversion "None" changes only the
 * apiVersion) and shown at the version they are read through.
 */
final class CustomResourceStrategy implements Strategy {

    private final JsonNode schema;
    private final boolean statusSubresource;
    private final TableConvertor printer;
    private final ScalePaths scale;
    /** The apiVersion objects are stored at, when the definition has several versions; else null. */
    private final String storageApiVersion;

    CustomResourceStrategy(JsonNode version, String storageApiVersion) {
        this.storageApiVersion = storageApiVersion;
        this.schema = version.path("schema").path("openAPIV3Schema");
        this.statusSubresource = version.path("subresources").path("status").isObject();
        this.printer = new CustomResourcePrinter(version.path("additionalPrinterColumns"));
        JsonNode s = version.path("subresources").path("scale");
        this.scale = s.isObject() ? new ScalePaths(s.path("specReplicasPath").asString(".spec.replicas"),
                s.path("statusReplicasPath").asString(".status.replicas"),
                s.path("labelSelectorPath").isString() ? s.path("labelSelectorPath").asString() : null) : null;
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (statusSubresource) {
            obj.remove("status");
        }
        shape(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        shape(updated);
    }

    private void shape(ObjectNode obj) {
        if (storageApiVersion != null) {
            // conversion "None": versions differ only in their apiVersion
            obj.put("apiVersion", storageApiVersion);
        }
        if (schema.isObject()) {
            Pruning.prune(obj, schema);
            Defaulting.apply(obj, schema);
        }
    }

    @Override
    public List<String> pruneUnknown(ObjectNode obj) {
        if (!schema.isObject()) {
            return List.of();
        }
        ObjectNode before = obj.deepCopy();
        Pruning.prune(obj, schema);
        return UnknownFields.removed(before, obj);
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        return schema.isObject() ? SchemaValidator.validate(obj, schema) : List.of();
    }

    @Override
    public boolean sharesStorageAcrossVersions() {
        return storageApiVersion != null;
    }

    @Override
    public JsonNode openApiSchema() {
        return schema.isObject() ? schema : null;
    }

    @Override
    public ScalePaths scalePaths() {
        return scale;
    }

    @Override
    public TableConvertor printer() {
        return printer;
    }
}
