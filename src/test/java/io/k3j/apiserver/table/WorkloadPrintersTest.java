package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WorkloadPrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void replicationControllersShowReplicasAndWideTemplate() {
        TableConvertor p = Printers.forResource("replicationcontrollers");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Desired", "Current", "Ready", "Age",
                "Containers", "Images", "Selector");
        assertThat(p.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
        ObjectNode rc = obj("""
                {"metadata":{"name":"nginx","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"replicas":3,"selector":{"app":"nginx","tier":"web"},"template":{"metadata":{"labels":
                  {"app":"nginx","tier":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},
                  {"name":"log","image":"busybox"}]}}},
                 "status":{"replicas":3,"readyReplicas":2}}""");
        assertThat(p.cells(rc, NOW)).containsExactly("nginx", 3, 3, 2, "60m", "nginx,log", "nginx:1.27,busybox",
                "app=nginx,tier=web");
    }

    @Test
    void podTemplatesShowContainersAndPodLabelsWithoutAge() {
        TableConvertor p = Printers.forResource("podtemplates");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Containers", "Images",
                "Pod Labels");
        ObjectNode pt = obj("""
                {"metadata":{"name":"tpl","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "template":{"metadata":{"labels":{"run":"x"}},
                  "spec":{"containers":[{"name":"c","image":"alpine"}]}}}""");
        assertThat(p.cells(pt, NOW)).containsExactly("tpl", "c", "alpine", "run=x");
    }

    @Test
    void controllerRevisionsNameTheirController() {
        TableConvertor p = Printers.forResource("controllerrevisions.apps");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Controller", "Revision", "Age");
        ObjectNode cr = obj("""
                {"metadata":{"name":"web-5d8f7c","creationTimestamp":"2026-11-27T11:00:00Z",
                  "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"other","uid":"u0"},
                   {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"u1","controller":true}]},
                 "revision":2,"data":{}}""");
        assertThat(p.cells(cr, NOW)).containsExactly("web-5d8f7c", "statefulset.apps/web", 2L, "60m");
        ObjectNode orphan = obj("""
                {"metadata":{"name":"old","creationTimestamp":"2026-11-27T11:00:00Z"},"revision":1}""");
        assertThat(p.cells(orphan, NOW)).containsExactly("old", "<none>", 1L, "60m");
    }

    @Test
    void horizontalPodAutoscalersShowReferenceAndTargets() {
        TableConvertor p = Printers.forResource("horizontalpodautoscalers.autoscaling");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Reference", "Targets", "MinPods",
                "MaxPods", "Replicas", "Age");
        ObjectNode hpa = obj("""
                {"metadata":{"name":"web","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                  "minReplicas":2,"maxReplicas":10,
                  "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization",
                    "averageUtilization":80}}},
                   {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue",
                    "averageValue":"500Mi"}}}]},
                 "status":{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu",
                   "current":{"averageUtilization":45,"averageValue":"90m"}}}]}}""");
        assertThat(p.cells(hpa, NOW)).containsExactly("web", "Deployment/web", "cpu: 45%/80%, memory: <unknown>/500Mi",
                "2", 10, 3, "60m");
    }

    @Test
    void autoscalerTargetsCoverEachMetricTypeAndTruncateAfterTwo() {
        ObjectNode hpa = obj("""
                {"metadata":{"name":"q"},
                 "spec":{"scaleTargetRef":{"kind":"StatefulSet","name":"q"},"maxReplicas":5,
                  "metrics":[{"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue",
                    "averageValue":"1k"}}},
                   {"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"Value","value":"30"}}},
                   {"type":"Object","object":{"metric":{"name":"hits"},"target":{"type":"AverageValue",
                    "averageValue":"10"}}}]},
                 "status":{"currentMetrics":[{"type":"Pods","pods":{"current":{"averageValue":"800"}}},
                   {"type":"External","external":{"current":{"value":"12"}}}]}}""");
        TableConvertor p = Printers.forResource("horizontalpodautoscalers.autoscaling");
        assertThat(p.cells(hpa, NOW)).containsExactly("q", "StatefulSet/q", "800/1k, 12/30 + 1 more...", "<unset>",
                5, 0, "<unknown>");

        ObjectNode single = obj("""
                {"metadata":{"name":"o"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"o"},"maxReplicas":2,
                 "metrics":[{"type":"Object","object":{"target":{"type":"AverageValue","averageValue":"10"}}}]}}""");
        assertThat(p.cells(single, NOW).get(2)).isEqualTo("<unknown>/10 (avg)");
        ObjectNode none = obj("""
                {"metadata":{"name":"n"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"n"},"maxReplicas":2}}""");
        assertThat(p.cells(none, NOW).get(2)).isEqualTo("<none>");
    }
}
