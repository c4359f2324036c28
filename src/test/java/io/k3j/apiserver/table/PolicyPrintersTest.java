package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.registry.ResourceType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PolicyPrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void everyBuiltinKindHasItsOwnTable() {
        for (ResourceType t : BuiltinResources.all()) {
            assertThat(Printers.forResource(t.qualifiedResource())).as(t.qualifiedResource())
                    .isNotSameAs(Printers.DEFAULT);
        }
    }

    @Test
    void kindsWithoutUpstreamPrinterShowNameAndCreationTime() {
        ObjectNode role = obj("""
                {"metadata":{"name":"pod-reader","namespace":"default","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""");
        for (String resource : new String[]{"roles.rbac.authorization.k8s.io",
            "clusterroles.rbac.authorization.k8s.io", "limitranges"}) {
            TableConvertor p = Printers.forResource(resource);
            assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Created At");
            assertThat(p.columns().get(1).type()).isEqualTo("date");
            assertThat(p.cells(role, NOW)).containsExactly("pod-reader", "2026-11-27T11:00:00Z");
        }
    }

    @Test
    void resourceQuotasSplitRequestsFromLimits() {
        TableConvertor p = Printers.forResource("resourcequotas");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Request", "Limit", "Age");
        ObjectNode quota = obj("""
                {"metadata":{"name":"compute","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "status":{"hard":{"requests.memory":"1Gi","pods":"10","limits.cpu":"2","requests.cpu":"1",
                   "limits.memory":"2Gi"},
                  "used":{"requests.cpu":"500m","pods":"3","limits.cpu":"1"}}}""");
        assertThat(p.cells(quota, NOW)).containsExactly("compute",
                "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi", "limits.cpu: 1/2, limits.memory: 0/2Gi",
                "60m");
    }

    @Test
    void podDisruptionBudgetsShowIntOrPercentAndNotApplicable() {
        TableConvertor p = Printers.forResource("poddisruptionbudgets.policy");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Min Available", "Max Unavailable",
                "Allowed Disruptions", "Age");
        ObjectNode pdb = obj("""
                {"metadata":{"name":"web","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"web"}}},
                 "status":{"disruptionsAllowed":1}}""");
        assertThat(p.cells(pdb, NOW)).containsExactly("web", "2", "N/A", 1, "60m");
        ObjectNode pct = obj("""
                {"metadata":{"name":"db","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"maxUnavailable":"25%"}}""");
        assertThat(p.cells(pct, NOW)).containsExactly("db", "N/A", "25%", 0, "60m");
    }

    @Test
    void priorityClassesShowValueDefaultAndPreemptionPolicy() {
        TableConvertor p = Printers.forResource("priorityclasses.scheduling.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Value", "Global-Default", "Age",
                "PreemptionPolicy");
        assertThat(p.columns()).extracting(Column::type).containsExactly("string", "integer", "boolean", "string",
                "string");
        assertThat(p.columns()).allMatch(c -> c.priority() == 0);
        ObjectNode pc = obj("""
                {"metadata":{"name":"system-node-critical","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "value":2000001000,"preemptionPolicy":"PreemptLowerPriority"}""");
        assertThat(p.cells(pc, NOW)).containsExactly("system-node-critical", 2000001000, false, "60m",
                "PreemptLowerPriority");
    }

    @Test
    void runtimeClassesShowTheHandler() {
        ObjectNode rc = obj("""
                {"metadata":{"name":"nvidia","creationTimestamp":"2026-11-27T11:00:00Z"},"handler":"nvidia"}""");
        TableConvertor p = Printers.forResource("runtimeclasses.node.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Handler", "Age");
        assertThat(p.cells(rc, NOW)).containsExactly("nvidia", "nvidia", "60m");
    }

    @Test
    void certificateSigningRequestsShowSignerRequestorDurationAndCondition() {
        TableConvertor p = Printers.forResource("certificatesigningrequests.certificates.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Age", "SignerName", "Requestor",
                "RequestedDuration", "Condition");
        ObjectNode issued = obj("""
                {"metadata":{"name":"csr-abc","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"signerName":"kubernetes.io/kube-apiserver-client","username":"system:admin",
                  "expirationSeconds":86400,"request":"LS0t","usages":["client auth"]},
                 "status":{"conditions":[{"type":"Approved","status":"True"}],"certificate":"LS0t"}}""");
        assertThat(p.cells(issued, NOW)).containsExactly("csr-abc", "60m", "kubernetes.io/kube-apiserver-client",
                "system:admin", "24h", "Approved,Issued");
        ObjectNode denied = obj("""
                {"metadata":{"name":"csr-x","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"username":"bob","request":"LS0t"},
                 "status":{"conditions":[{"type":"Approved"},{"type":"Denied"},{"type":"Failed"}]}}""");
        assertThat(p.cells(denied, NOW)).containsExactly("csr-x", "60m", "<none>", "bob", "<none>", "Denied,Failed");
        ObjectNode pending = obj("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"expirationSeconds\":600}}");
        assertThat(p.cells(pending, NOW)).containsExactly("p", "<unknown>", "<none>", "", "10m", "Pending");
    }

    @Test
    void admissionConfigurationsCountWebhooksAndValidations() {
        ObjectNode hooks = obj("""
                {"metadata":{"name":"policy","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "webhooks":[{"name":"a.example.com"},{"name":"b.example.com"}]}""");
        for (String r : new String[]{"mutatingwebhookconfigurations.admissionregistration.k8s.io",
            "validatingwebhookconfigurations.admissionregistration.k8s.io"}) {
            TableConvertor p = Printers.forResource(r);
            assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Webhooks", "Age");
            assertThat(p.cells(hooks, NOW)).containsExactly("policy", 2, "60m");
        }

        TableConvertor policies = Printers.forResource("validatingadmissionpolicies.admissionregistration.k8s.io");
        assertThat(policies.columns()).extracting(Column::name).containsExactly("Name", "Validations", "ParamKind",
                "Age");
        ObjectNode vap = obj("""
                {"metadata":{"name":"replicas","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"paramKind":{"apiVersion":"rules.example.com/v1","kind":"ReplicaLimit"},
                  "validations":[{"expression":"object.spec.replicas <= params.maxReplicas"}]}}""");
        assertThat(policies.cells(vap, NOW)).containsExactly("replicas", 1, "rules.example.com/v1/ReplicaLimit",
                "60m");
        assertThat(policies.cells(obj("{\"metadata\":{\"name\":\"n\"},\"spec\":{}}"), NOW))
                .containsExactly("n", 0, "<unset>", "<unknown>");

        TableConvertor bindings = Printers.forResource(
                "validatingadmissionpolicybindings.admissionregistration.k8s.io");
        assertThat(bindings.columns()).extracting(Column::name).containsExactly("Name", "PolicyName", "ParamRef",
                "Age");
        ObjectNode named = obj("""
                {"metadata":{"name":"b1","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"policyName":"replicas","paramRef":{"name":"limit","namespace":"prod"}}}""");
        assertThat(bindings.cells(named, NOW)).containsExactly("b1", "replicas", "prod/limit", "60m");
        ObjectNode anyNamespace = obj("""
                {"metadata":{"name":"b2"},"spec":{"policyName":"replicas","paramRef":{"name":"limit"}}}""");
        assertThat(bindings.cells(anyNamespace, NOW).get(2)).isEqualTo("*/limit");
        ObjectNode selector = obj("""
                {"metadata":{"name":"b3"},"spec":{"policyName":"replicas","paramRef":{"selector":{
                  "matchLabels":{"env":"prod","app":"web"},
                  "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]}}}}""");
        assertThat(bindings.cells(selector, NOW).get(2)).isEqualTo("&LabelSelector{MatchLabels:map[string]string{"
                + "app: web,env: prod,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{"
                + "Key:tier,Operator:In,Values:[a b],},},}");
        assertThat(bindings.cells(obj("{\"metadata\":{\"name\":\"b4\"},\"spec\":{\"policyName\":\"p\"}}"), NOW)
                .get(2)).isEqualTo("<unset>");
    }
}
