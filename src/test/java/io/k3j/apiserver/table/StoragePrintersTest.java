package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StoragePrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void storageClassesMarkTheDefaultAndFillUpstreamDefaults() {
        TableConvertor p = Printers.forResource("storageclasses.storage.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Provisioner", "ReclaimPolicy",
                "VolumeBindingMode", "AllowVolumeExpansion", "Age");
        assertThat(p.columns()).allMatch(c -> c.priority() == 0);
        ObjectNode localPath = obj("""
                {"metadata":{"name":"local-path","creationTimestamp":"2026-11-27T11:00:00Z",
                  "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
                 "provisioner":"rancher.io/local-path","reclaimPolicy":"Delete",
                 "volumeBindingMode":"WaitForFirstConsumer"}""");
        assertThat(p.cells(localPath, NOW)).containsExactly("local-path (default)", "rancher.io/local-path", "Delete",
                "WaitForFirstConsumer", false, "60m");
        ObjectNode plain = obj("""
                {"metadata":{"name":"fast","creationTimestamp":"2026-11-27T11:59:00Z",
                  "annotations":{"storageclass.beta.kubernetes.io/is-default-class":"false"}},
                 "provisioner":"ebs.csi.aws.com","allowVolumeExpansion":true}""");
        assertThat(p.cells(plain, NOW)).containsExactly("fast", "ebs.csi.aws.com", "Delete", "Immediate", true, "60s");
    }

    @Test
    void boundClaimsShowVolumeCapacityAndAbbreviatedAccessModes() {
        TableConvertor p = Printers.forResource("persistentvolumeclaims");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Status", "Volume", "Capacity",
                "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode");
        assertThat(p.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1);
        ObjectNode bound = obj("""
                {"metadata":{"name":"data","creationTimestamp":"2026-11-26T12:00:00Z"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
                  "storageClassName":"local-path","volumeName":"pvc-1234","volumeMode":"Filesystem"},
                 "status":{"phase":"Bound","capacity":{"storage":"2Gi"},
                  "accessModes":["ReadWriteOncePod","ReadWriteMany","ReadWriteOnce","ReadOnlyMany",
                   "ReadWriteOnce"]}}""");
        assertThat(p.cells(bound, NOW)).containsExactly("data", "Bound", "pvc-1234", "2Gi", "RWO,ROX,RWX,RWOP",
                "local-path", "<unset>", "24h", "Filesystem");
        ObjectNode pending = obj("""
                {"metadata":{"name":"logs","creationTimestamp":"2026-11-27T11:59:50Z",
                  "deletionTimestamp":"2026-11-27T11:59:55Z",
                  "annotations":{"volume.beta.kubernetes.io/storage-class":"slow"}},
                 "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"fast","volumeAttributesClassName":"gold"},
                 "status":{"phase":"Pending"}}""");
        assertThat(p.cells(pending, NOW)).containsExactly("logs", "Terminating", "", "", "", "slow", "gold", "10s",
                "<unset>");
    }

    @Test
    void volumesShowClaimReclaimPolicyAndReason() {
        TableConvertor p = Printers.forResource("persistentvolumes");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Capacity", "Access Modes",
                "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age",
                "VolumeMode");
        assertThat(p.columns().getLast().priority()).isEqualTo(1);
        ObjectNode pv = obj("""
                {"metadata":{"name":"pvc-1234","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"capacity":{"storage":"2Gi"},"accessModes":["ReadWriteMany","ReadOnlyMany"],
                  "persistentVolumeReclaimPolicy":"Retain","storageClassName":"local-path",
                  "claimRef":{"namespace":"default","name":"data"},"volumeMode":"Block"},
                 "status":{"phase":"Released","reason":"Reclaiming"}}""");
        assertThat(p.cells(pv, NOW)).containsExactly("pvc-1234", "2Gi", "ROX,RWX", "Retain", "Released",
                "default/data", "local-path", "<unset>", "Reclaiming", "60m", "Block");
    }

    @Test
    void csiDriversNodesAndAttachments() {
        TableConvertor drivers = Printers.forResource("csidrivers.storage.k8s.io");
        assertThat(drivers.columns()).extracting(Column::name).containsExactly("Name", "AttachRequired",
                "PodInfoOnMount", "StorageCapacity", "TokenRequests", "RequiresRepublish", "Modes", "Age");
        assertThat(drivers.columns()).extracting(Column::type).containsExactly("string", "boolean", "boolean",
                "boolean", "string", "boolean", "string", "string");
        ObjectNode driver = obj("""
                {"metadata":{"name":"secrets-store.csi.k8s.io","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"attachRequired":false,"podInfoOnMount":true,
                  "tokenRequests":[{"audience":"vault"},{"audience":"aws"}],"requiresRepublish":true,
                  "volumeLifecycleModes":["Ephemeral","Persistent"]}}""");
        assertThat(drivers.cells(driver, NOW)).containsExactly("secrets-store.csi.k8s.io", false, true, false,
                "vault,aws", true, "Ephemeral,Persistent", "60m");
        assertThat(drivers.cells(obj("{\"metadata\":{\"name\":\"d\"},\"spec\":{}}"), NOW))
                .containsExactly("d", true, false, false, "<unset>", false, "<none>", "<unknown>");

        ObjectNode csiNode = obj("""
                {"metadata":{"name":"node-1","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"drivers":[{"name":"a","nodeID":"n1"},{"name":"b","nodeID":"n1"}]}}""");
        assertThat(Printers.forResource("csinodes.storage.k8s.io").cells(csiNode, NOW))
                .containsExactly("node-1", 2, "60m");

        TableConvertor attachments = Printers.forResource("volumeattachments.storage.k8s.io");
        assertThat(attachments.columns()).extracting(Column::name).containsExactly("Name", "Attacher", "PV", "Node",
                "Attached", "Age");
        assertThat(attachments.columns().get(1).format()).isEqualTo("name");
        ObjectNode va = obj("""
                {"metadata":{"name":"csi-abc","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"attacher":"ebs.csi.aws.com","nodeName":"node-1",
                  "source":{"persistentVolumeName":"pvc-1234"}},"status":{"attached":true}}""");
        assertThat(attachments.cells(va, NOW)).containsExactly("csi-abc", "ebs.csi.aws.com", "pvc-1234", "node-1",
                true, "60m");
    }
}
