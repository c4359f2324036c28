package io.k3j.apiserver.apiextensions;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions: upstream's defaults (listKind, singular,
 * conversion), the cleanup finalizer, and validation of names, scope, versions and each
 * version's structural schema.
 */
public final class CustomResourceDefinitionStrategy implements Strategy {

    /** Held until every custom resource of a deleted definition is gone (upstream's name). */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        obj.remove("status");
        ArrayNode finalizers = Meta.metadata(obj).withArray("finalizers");
        if (!contains(finalizers, CLEANUP_FINALIZER)) {
            finalizers.add(CLEANUP_FINALIZER);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
    }

    private static void defaults(ObjectNode crd) {
        ObjectNode spec = crd.withObject("spec");
        ObjectNode names = spec.withObject("names");
        String kind = names.path("kind").asString("");
        if (!kind.isEmpty()) {
            if (!names.hasNonNull("listKind")) {
                names.put("listKind", kind + "List");
            }
            if (!names.hasNonNull("singular")) {
                names.put("singular", kind.toLowerCase(Locale.ROOT));
            }
        }
        if (!spec.path("conversion").isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    @Override
    public List<Status.Cause> validate(ObjectNode crd) {
        List<Status.Cause> causes = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asString("");
        if (group.isEmpty()) {
            causes.add(required("spec.group"));
        } else if (!group.contains(".")) {
            causes.add(invalid("spec.group", group, "should be a domain with at least one dot"));
        } else {
            Validation.dns1123Subdomain(group).forEach(m -> causes.add(invalid("spec.group", group, m)));
        }
        String name = Meta.name(crd);
        if (name != null && !name.equals(plural + "." + group)) {
            causes.add(invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        names("spec.names", names, causes);
        String scope = spec.path("scope").asString("");
        if (scope.isEmpty()) {
            causes.add(required("spec.scope"));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            causes.add(new Status.Cause("FieldValueNotSupported", "Unsupported value: \"" + scope
                    + "\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }
        versions(spec.path("versions"), causes);
        String strategy = spec.path("conversion").path("strategy").asString("None");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            causes.add(new Status.Cause("FieldValueNotSupported", "Unsupported value: \"" + strategy
                    + "\": supported values: \"None\", \"Webhook\"", "spec.conversion.strategy"));
        }
        return causes;
    }

    private static void names(String path, JsonNode names, List<Status.Cause> causes) {
        String plural = names.path("plural").asString("");
        if (plural.isEmpty()) {
            causes.add(required(path + ".plural"));
        } else {
            Validation.dns1123Label(plural).forEach(m -> causes.add(invalid(path + ".plural", plural, m)));
        }
        String singular = names.path("singular").asString("");
        if (!singular.isEmpty()) {
            Validation.dns1123Label(singular).forEach(m -> causes.add(invalid(path + ".singular", singular, m)));
        }
        String kind = names.path("kind").asString("");
        String listKind = names.path("listKind").asString("");
        if (kind.isEmpty()) {
            causes.add(required(path + ".kind"));
        } else if (kind.equals(listKind)) {
            causes.add(invalid(path + ".listKind", listKind, "kind and listKind may not be the same"));
        }
        for (JsonNode shortName : names.path("shortNames")) {
            Validation.dns1123Label(shortName.asString("")).forEach(m -> causes.add(invalid(path + ".shortNames",
                    shortName.asString(""), m)));
        }
    }

    private static void versions(JsonNode versions, List<Status.Cause> causes) {
        if (!versions.isArray() || versions.isEmpty()) {
            causes.add(new Status.Cause("FieldValueRequired", "Required value: must have exactly one version"
                    + " marked as storage version", "spec.versions"));
            return;
        }
        int storage = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String path = "spec.versions[" + i + "]";
            String name = v.path("name").asString("");
            if (name.isEmpty()) {
                causes.add(required(path + ".name"));
            } else if (!seen.add(name)) {
                causes.add(new Status.Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"",
                        path + ".name"));
            } else {
                Validation.dns1123Label(name).forEach(m -> causes.add(invalid(path + ".name", name, m)));
            }
            if (v.path("storage").asBoolean(false)) {
                storage++;
            }
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (!schema.isObject()) {
                causes.add(new Status.Cause("FieldValueRequired", "Required value: schemas are required",
                        path + ".schema.openAPIV3Schema"));
            } else {
                causes.addAll(StructuralSchema.check(schema, path + ".schema.openAPIV3Schema"));
            }
            for (int c = 0; c < v.path("additionalPrinterColumns").size(); c++) {
                JsonNode col = v.path("additionalPrinterColumns").get(c);
                String colPath = path + ".additionalPrinterColumns[" + c + "]";
                if (col.path("name").asString("").isEmpty()) {
                    causes.add(required(colPath + ".name"));
                }
                if (col.path("jsonPath").asString("").isEmpty()) {
                    causes.add(required(colPath + ".jsonPath"));
                } else if (!JsonPaths.valid(col.path("jsonPath").asString(""))) {
                    causes.add(invalid(colPath + ".jsonPath", col.path("jsonPath").asString(""),
                            "must be a simple json path"));
                }
                String type = col.path("type").asString("");
                if (!List.of("integer", "number", "string", "boolean", "date").contains(type)) {
                    causes.add(new Status.Cause("FieldValueNotSupported", "Unsupported value: \"" + type
                            + "\": supported values: \"boolean\", \"date\", \"integer\", \"number\", \"string\"",
                            colPath + ".type"));
                }
            }
        }
        if (storage != 1) {
            causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: \"" + versionList(versions)
                    + "\": must have exactly one version marked as storage version", "spec.versions"));
        }
    }

    private static String versionList(JsonNode versions) {
        List<String> names = new ArrayList<>();
        versions.forEach(v -> names.add(v.path("name").asString("")));
        return String.join(",", names);
    }

    private static boolean contains(ArrayNode a, String value) {
        for (JsonNode n : a) {
            if (n.asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Status.Cause required(String field) {
        return new Status.Cause("FieldValueRequired", "Required value", field);
    }

    private static Status.Cause invalid(String field, String value, String message) {
        return new Status.Cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + message, field);
    }
}
