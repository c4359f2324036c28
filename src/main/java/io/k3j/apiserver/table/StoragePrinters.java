package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's table columns for volumes, claims and the storage.k8s.io kinds. */
final class StoragePrinters {

    private StoragePrinters() {
    }

    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    static Map<String, TableConvertor> all() {
        return Map.of(
                "persistentvolumes", new Printer(List.of(Column.ofName(),
                        Column.ofString("Capacity", "capacity is the description of the persistent volume's resources"
                                + " and capacity."),
                        Column.ofString("Access Modes", "accessModes contains all ways the volume can be mounted."),
                        Column.ofString("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a"
                                + " persistent volume when released from its claim."),
                        Column.ofString("Status", "phase indicates if a volume is available, bound to a claim, or"
                                + " released by a claim."),
                        Column.ofString("Claim", "claimRef is part of a bi-directional binding between"
                                + " PersistentVolume and PersistentVolumeClaim."),
                        Column.ofString("StorageClass", "StorageClass of the pv"),
                        Column.ofString("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                        Column.ofString("Reason", "reason is a brief CamelCase string that describes any failure and"
                                + " is meant for machine parsing and tidy display in the CLI."),
                        Column.ofAge(),
                        Column.ofWide("VolumeMode", "volumeMode defines if a volume is intended to be used with a"
                                + " formatted filesystem or to remain in raw block state.")),
                        StoragePrinters::volume),
                "persistentvolumeclaims", new Printer(List.of(Column.ofName(),
                        Column.ofString("Status", "phase represents the current phase of PersistentVolumeClaim."),
                        Column.ofString("Volume", "volumeName is the binding reference to the PersistentVolume"
                                + " backing this claim."),
                        Column.ofString("Capacity", "capacity represents the actual resources of the underlying"
                                + " volume."),
                        Column.ofString("Access Modes", "accessModes contains the actual access modes the volume"
                                + " backing the PVC has."),
                        Column.ofString("StorageClass", "StorageClass of the pvc"),
                        Column.ofString("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                        Column.ofAge(),
                        Column.ofWide("VolumeMode", "volumeMode defines what type of volume is required by the"
                                + " claim.")),
                        StoragePrinters::claim),
                "storageclasses.storage.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofString("Provisioner", "provisioner indicates the type of the provisioner."),
                        Column.ofString("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically"
                                + " provisioned PersistentVolumes of this storage class. Defaults to Delete."),
                        Column.ofString("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims"
                                + " should be provisioned and bound. When unset, VolumeBindingImmediate is used."),
                        Column.ofString("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class"
                                + " allow volume expand."),
                        Column.ofAge()),
                        StoragePrinters::storageClass),
                "csidrivers.storage.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofBoolean("AttachRequired", "attachRequired indicates this CSI volume driver requires"
                                + " an attach operation."),
                        Column.ofBoolean("PodInfoOnMount", "podInfoOnMount indicates this CSI volume driver requires"
                                + " additional pod information (like podName, podUID, etc.) during mount operations."),
                        Column.ofBoolean("StorageCapacity", "storageCapacity indicates that the CSI volume driver wants"
                                + " pod scheduling to consider the storage capacity that the driver deployment will"
                                + " report."),
                        Column.ofString("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service"
                                + " account tokens it is mounting volume for to do necessary authentication."),
                        Column.ofBoolean("RequiresRepublish", "requiresRepublish indicates the CSI driver wants"
                                + " `NodePublishVolume` being periodically called to reflect any possible change in"
                                + " the mounted volume."),
                        Column.ofString("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume"
                                + " driver supports."),
                        Column.ofAge()),
                        StoragePrinters::csiDriver),
                "csinodes.storage.k8s.io", new Printer(List.of(Column.ofName(),
                        Column.ofInteger("Drivers", "Drivers indicates the number of CSI drivers registered on the"
                                + " node"), Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), Cells.size(o.path("spec").path("drivers")),
                                Cells.age(o, now))),
                "volumeattachments.storage.k8s.io", new Printer(List.of(Column.ofName(),
                        new Column("Attacher", "string", "name", "attacher indicates the name of the volume driver"
                                + " that MUST handle this request.", 0),
                        Column.ofString("PV", "persistentVolumeName represents the name of the persistent volume to"
                                + " attach."),
                        Column.ofString("Node", "nodeName represents the node that the volume should be attached to."),
                        Column.ofBoolean("Attached", "attached indicates the volume is successfully attached."),
                        Column.ofAge()),
                        (o, now) -> List.of(Cells.name(o), o.path("spec").path("attacher").asString(""),
                                o.path("spec").path("source").path("persistentVolumeName").asString(""),
                                o.path("spec").path("nodeName").asString(""),
                                o.path("status").path("attached").asBoolean(false), Cells.age(o, now))));
    }

    private static List<Object> volume(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        JsonNode claimRef = spec.path("claimRef");
        String claim = claimRef.isObject()
                ? claimRef.path("namespace").asString("") + "/" + claimRef.path("name").asString("") : "";
        JsonNode annotations = o.path("metadata").path("annotations");
        String storageClass = annotations.has(BETA_CLASS_ANNOTATION)
                ? annotations.path(BETA_CLASS_ANNOTATION).asString("") : spec.path("storageClassName").asString("");
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(o));
        cells.add(spec.path("capacity").path("storage").asString("0"));
        cells.add(accessModes(spec.path("accessModes")));
        cells.add(spec.path("persistentVolumeReclaimPolicy").asString(""));
        cells.add(Cells.deleting(o) ? "Terminating" : o.path("status").path("phase").asString(""));
        cells.add(claim);
        cells.add(storageClass);
        cells.add(spec.path("volumeAttributesClassName").asString("<unset>"));
        cells.add(o.path("status").path("reason").asString(""));
        cells.add(Cells.age(o, now));
        cells.add(spec.path("volumeMode").asString("<unset>"));
        return cells;
    }

    private static List<Object> claim(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        String volume = spec.path("volumeName").asString("");
        boolean bound = !volume.isEmpty();
        JsonNode annotations = o.path("metadata").path("annotations");
        String storageClass = annotations.has(BETA_CLASS_ANNOTATION)
                ? annotations.path(BETA_CLASS_ANNOTATION).asString("") : spec.path("storageClassName").asString("");
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(o));
        cells.add(Cells.deleting(o) ? "Terminating" : o.path("status").path("phase").asString(""));
        cells.add(volume);
        cells.add(bound ? o.path("status").path("capacity").path("storage").asString("0") : "");
        cells.add(bound ? accessModes(o.path("status").path("accessModes")) : "");
        cells.add(storageClass);
        cells.add(spec.path("volumeAttributesClassName").asString("<unset>"));
        cells.add(Cells.age(o, now));
        cells.add(spec.path("volumeMode").asString("<unset>"));
        return cells;
    }

    /** Access modes abbreviated, always in the order RWO, ROX, RWX, RWOP, each once. */
    static String accessModes(JsonNode modes) {
        List<String> present = new ArrayList<>();
        for (JsonNode m : modes) {
            present.add(m.asString(""));
        }
        List<String> out = new ArrayList<>();
        String[][] known = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
            {"ReadWriteOncePod", "RWOP"}};
        for (String[] k : known) {
            if (present.contains(k[0])) {
                out.add(k[1]);
            }
        }
        return String.join(",", out);
    }

    private static List<Object> storageClass(ObjectNode o, Instant now) {
        JsonNode annotations = o.path("metadata").path("annotations");
        boolean isDefault = "true".equals(annotations.path("storageclass.kubernetes.io/is-default-class").asString(""))
                || "true".equals(annotations.path("storageclass.beta.kubernetes.io/is-default-class").asString(""));
        return List.of(isDefault ? Cells.name(o) + " (default)" : Cells.name(o),
                o.path("provisioner").asString(""),
                Cells.text(o.path("reclaimPolicy"), "Delete"),
                Cells.text(o.path("volumeBindingMode"), "Immediate"),
                o.path("allowVolumeExpansion").asBoolean(false),
                Cells.age(o, now));
    }

    private static List<Object> csiDriver(ObjectNode o, Instant now) {
        JsonNode spec = o.path("spec");
        String tokenRequests = "<unset>";
        if (spec.path("tokenRequests").isArray()) {
            List<String> audiences = new ArrayList<>();
            for (JsonNode t : spec.path("tokenRequests")) {
                audiences.add(t.path("audience").asString(""));
            }
            tokenRequests = String.join(",", audiences);
        }
        List<String> modes = new ArrayList<>();
        for (JsonNode m : spec.path("volumeLifecycleModes")) {
            modes.add(m.asString(""));
        }
        return List.of(Cells.name(o), spec.path("attachRequired").asBoolean(true),
                spec.path("podInfoOnMount").asBoolean(false), spec.path("storageCapacity").asBoolean(false),
                tokenRequests, spec.path("requiresRepublish").asBoolean(false),
                modes.isEmpty() ? "<none>" : String.join(",", modes), Cells.age(o, now));
    }
}
