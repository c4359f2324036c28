package io.k3j.apiserver.admission;

import io.k3j.api.Meta;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ResourceType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's DefaultStorageClass: a new PersistentVolumeClaim without spec.storageClassName (and
 * without the beta class annotation) gets the default StorageClass, the one annotated
 * {@code storageclass.kubernetes.io/is-default-class: "true"} (or the beta annotation); with
 * several, the newest (then the first by name). An empty class name is left as is. Thread-safe.
 */
public final class DefaultStorageClass implements AdmissionPlugin {

    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private final GenericStore storageClasses;

    public DefaultStorageClass(GenericStore storageClasses) {
        this.storageClasses = storageClasses;
    }

    @Override
    public String name() {
        return "DefaultStorageClass";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("persistentvolumeclaims");
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!a.isCreate()) {
            return;
        }
        ObjectNode spec = a.object().get("spec") instanceof ObjectNode s ? s : a.object().putObject("spec");
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()
                || Meta.stringMap(a.object(), "annotations").containsKey(BETA_CLASS_ANNOTATION)) {
            return;
        }
        String name = defaultClass(Lookups.list(storageClasses, null));
        if (name != null) {
            spec.put("storageClassName", name);
        }
    }

    /** The default class among {@code classes}: the newest marked one, ties broken by name; null if none. */
    static String defaultClass(List<ObjectNode> classes) {
        return classes.stream().filter(DefaultStorageClass::isDefault)
                .sorted(Comparator.comparing((ObjectNode c) -> Meta.string(Meta.metadata(c), "creationTimestamp"),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder())).reversed()
                        .thenComparing(Meta::name))
                .map(Meta::name).findFirst().orElse(null);
    }

    private static boolean isDefault(ObjectNode storageClass) {
        Map<String, String> annotations = Meta.stringMap(storageClass, "annotations");
        return "true".equals(annotations.get(DEFAULT_ANNOTATION)) || "true".equals(annotations.get(BETA_DEFAULT_ANNOTATION));
    }
}
