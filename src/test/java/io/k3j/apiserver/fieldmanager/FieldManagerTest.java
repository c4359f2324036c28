package io.k3j.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.BuiltinTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FieldManagerTest {

    private static final String T0 = "2025-01-01T00:00:00Z";
    private static final String T1 = "2025-01-01T00:01:00Z";
    private static final String T2 = "2025-01-01T00:02:00Z";

    private final FieldManager configMaps = new FieldManager(BuiltinTypes.forKind("", "ConfigMap"), "v1", false);
    private final FieldManager deployments = new FieldManager(BuiltinTypes.forKind("apps", "Deployment"), "apps/v1",
            true);
    private final FieldManager pods = new FieldManager(BuiltinTypes.forKind("", "Pod"), "v1", true);

    private static ObjectNode obj(String json) {
        return Json.parseObject(json.replace('\'', '"').getBytes());
    }

    private static JsonNode entries(ObjectNode o) {
        return o.path("metadata").path("managedFields");
    }

    /** The fieldsV1 of the entry of {@code manager} (and subresource), as compact JSON, or null. */
    private static String fields(ObjectNode o, String manager, String subresource) {
        for (JsonNode e : entries(o)) {
            if (e.path("manager").asString().equals(manager) && e.path("subresource").asString("").equals(subresource)) {
                return Json.string(e.get("fieldsV1")).replace('"', '\'');
            }
        }
        return null;
    }

    private static String fields(ObjectNode o, String manager) {
        return fields(o, manager, "");
    }

    private static List<String> managers(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : entries(o)) {
            out.add(e.path("manager").asString() + (e.has("subresource") ? "/" + e.get("subresource").asString() : ""));
        }
        return out;
    }

    private ObjectNode createConfigMap() {
        ObjectNode cm = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'demo','namespace':'ns',"
                + "'uid':'u1','creationTimestamp':'" + T0 + "','labels':{'app':'demo','tier':'web'}},"
                + "'data':{'a':'1','b':'2'}}");
        configMaps.update(null, cm, "kubectl-create", null, T0);
        return cm;
    }

    /** What a write sees as the live object: the stored one. */
    private static ObjectNode copy(ObjectNode o) {
        return o.deepCopy();
    }

    @Test
    void createOwnsEveryFieldButTheUntrackedOnes() {
        ObjectNode cm = createConfigMap();
        JsonNode e = entries(cm).get(0);
        assertThat(entries(cm).size()).isEqualTo(1);
        assertThat(e.path("manager").asString()).isEqualTo("kubectl-create");
        assertThat(e.path("operation").asString()).isEqualTo("Update");
        assertThat(e.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(e.path("time").asString()).isEqualTo(T0);
        assertThat(e.path("fieldsType").asString()).isEqualTo("FieldsV1");
        assertThat(e.has("subresource")).isFalse();
        assertThat(Json.string(e)).startsWith("{\"manager\":\"kubectl-create\",\"operation\":\"Update\","
                + "\"apiVersion\":\"v1\",\"time\":");
        assertThat(fields(cm, "kubectl-create")).isEqualTo("{'f:data':{'.':{},'f:a':{},'f:b':{}},"
                + "'f:metadata':{'f:labels':{'.':{},'f:app':{},'f:tier':{}}}}");
    }

    @Test
    void updateMovesChangedFieldsToTheWriter() {
        ObjectNode live = createConfigMap();
        ObjectNode next = copy(live);
        ((ObjectNode) next.at("/metadata/labels")).put("tier", "db").put("team", "x");
        configMaps.update(live, next, "kubectl-label", null, T1);
        assertThat(managers(next)).containsExactly("kubectl-create", "kubectl-label");
        assertThat(fields(next, "kubectl-create")).isEqualTo("{'f:data':{'.':{},'f:a':{},'f:b':{}},"
                + "'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}");
        assertThat(fields(next, "kubectl-label")).isEqualTo("{'f:metadata':{'f:labels':{'f:team':{},'f:tier':{}}}}");
        assertThat(entries(next).get(1).path("time").asString()).isEqualTo(T1);
        assertThat(entries(next).get(0).path("time").asString()).isEqualTo(T0);

        // the first manager takes one field back; the second keeps the rest, its time unchanged
        ObjectNode third = copy(next);
        ((ObjectNode) third.at("/metadata/labels")).put("tier", "web");
        configMaps.update(next, third, "kubectl-create", null, T2);
        assertThat(fields(third, "kubectl-label")).isEqualTo("{'f:metadata':{'f:labels':{'f:team':{}}}}");
        assertThat(fields(third, "kubectl-create")).contains("'f:tier':{}");
        assertThat(entries(third).size()).isEqualTo(2);
        assertThat(managers(third)).as("ordered by time").containsExactly("kubectl-label", "kubectl-create");
        assertThat(entries(third).get(1).path("time").asString()).isEqualTo(T2);
        assertThat(entries(third).get(0).path("time").asString()).isEqualTo(T1);
    }

    @Test
    void removedFieldsLeaveEveryManagerAndEmptyEntriesGo() {
        ObjectNode live = createConfigMap();
        ObjectNode next = copy(live);
        ((ObjectNode) next.at("/metadata/labels")).put("team", "x");
        configMaps.update(live, next, "kubectl-label", null, T1);
        ObjectNode removed = copy(next);
        ((ObjectNode) removed.at("/metadata/labels")).remove("team");
        ((ObjectNode) removed.get("data")).remove("a");
        configMaps.update(next, removed, "kubectl-patch", null, T2);
        assertThat(managers(removed)).as("a pure removal owns nothing, and the labeller owned only what went")
                .containsExactly("kubectl-create");
        assertThat(fields(removed, "kubectl-create")).isEqualTo("{'f:data':{'.':{},'f:b':{}},"
                + "'f:metadata':{'f:labels':{'.':{},'f:app':{},'f:tier':{}}}}");
    }

    @Test
    void unchangedObjectsKeepTheirManagedFields() {
        ObjectNode live = createConfigMap();
        ObjectNode same = copy(live);
        ((ObjectNode) same.get("metadata")).remove("managedFields");
        configMaps.update(live, same, "someone-else", null, T2);
        assertThat(same).isEqualTo(live);
        assertThat(same.at("/metadata/managedFields")).isSameAs(live.at("/metadata/managedFields"));
    }

    @Test
    void oneEntryPerManagerRefreshedInPlace() {
        ObjectNode live = createConfigMap();
        ObjectNode next = copy(live);
        ((ObjectNode) next.get("data")).put("c", "3");
        configMaps.update(live, next, "kubectl-create", null, T1);
        assertThat(managers(next)).containsExactly("kubectl-create");
        assertThat(entries(next).get(0).path("time").asString()).isEqualTo(T1);
        assertThat(fields(next, "kubectl-create")).contains("'f:c':{}").contains("'f:a':{}");
        // another apiVersion or subresource is another entry
        ObjectNode again = copy(next);
        ((ObjectNode) again.get("data")).put("d", "4");
        new FieldManager(BuiltinTypes.forKind("", "ConfigMap"), "v2", false).update(next, again, "kubectl-create",
                null, T2);
        assertThat(entries(again).size()).isEqualTo(2);
    }

    @Test
    void managerDefaultsToUnknown() {
        ObjectNode cm = obj("{'metadata':{'name':'x'},'data':{'a':'1'}}");
        configMaps.update(null, cm, "", null, T0);
        assertThat(managers(cm)).containsExactly("unknown");
    }

    @Test
    void statusIsOwnedOnlyThroughTheStatusSubresource() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','labels':{'a':'b'}},"
                + "'spec':{'containers':[{'name':'c','image':'nginx','ports':[{'containerPort':80}]}]},"
                + "'status':{'phase':'Pending'}}");
        pods.update(null, pod, "kubectl-create", null, T0);
        assertThat(fields(pod, "kubectl-create")).isEqualTo("{'f:metadata':{'f:labels':{'.':{},'f:a':{}}},"
                + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:image':{},'f:name':{},"
                + "'f:ports':{'.':{},'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},"
                + "'f:containerPort':{}}}}}}}");

        ObjectNode status = copy(pod);
        ((ObjectNode) status.get("status")).put("phase", "Running").putArray("conditions").addObject()
                .put("type", "Ready").put("status", "True");
        pods.update(pod, status, "kubelet", "status", T1);
        assertThat(managers(status)).containsExactly("kubectl-create", "kubelet/status");
        assertThat(fields(status, "kubelet", "status")).isEqualTo("{'f:status':{'f:conditions':{'.':{},"
                + "'k:{\\'type\\':\\'Ready\\'}':{'.':{},'f:status':{},'f:type':{}}},'f:phase':{}}}");
        assertThat(entries(status).get(1).path("subresource").asString()).isEqualTo("status");

        // a main-resource write that also carries a different status owns nothing of it
        ObjectNode main = copy(status);
        ((ObjectNode) main.get("status")).put("phase", "Failed");
        ((ObjectNode) main.at("/spec/containers/0")).put("image", "nginx:2");
        pods.update(status, main, "kubectl-edit", null, T2);
        assertThat(fields(main, "kubectl-edit")).isEqualTo("{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':"
                + "{'f:image':{}}}}}");
        assertThat(fields(main, "kubelet", "status")).contains("f:phase");
        assertThat(fields(main, "kubectl-create")).doesNotContain("f:image");
    }

    @Test
    void zeroValueStructsAreNotOwnedThemselves() {
        ObjectNode d = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},"
                + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'RollingUpdate',"
                + "'rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'creationTimestamp':null,"
                + "'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx'}]}}}}");
        deployments.update(null, d, "kubectl-create", null, T0);
        assertThat(fields(d, "kubectl-create")).isEqualTo("{'f:spec':{'f:replicas':{},'f:selector':{},"
                + "'f:strategy':{'f:rollingUpdate':{'.':{},'f:maxSurge':{}},'f:type':{}},"
                + "'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},"
                + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}");

        // the atomic selector changes as a whole
        ObjectNode next = copy(d);
        ((ObjectNode) next.at("/spec/selector/matchLabels")).put("tier", "x");
        deployments.update(d, next, "other", null, T1);
        assertThat(fields(next, "other")).isEqualTo("{'f:spec':{'f:selector':{}}}");
        assertThat(fields(next, "kubectl-create")).doesNotContain("f:selector");
    }

    @Test
    void keyedListItemsAndSetsAreTrackedOneByOne() {
        ObjectNode d = obj("{'metadata':{'name':'web','finalizers':['a','b']},'spec':{'template':{'spec':"
                + "{'containers':[{'name':'one','image':'x'},{'name':'two','image':'y'}]}}}}");
        deployments.update(null, d, "creator", null, T0);
        ObjectNode next = copy(d);
        ((ObjectNode) next.at("/spec/template/spec/containers/1")).put("image", "z");
        ((tools.jackson.databind.node.ArrayNode) next.at("/metadata/finalizers")).remove(0);
        ((tools.jackson.databind.node.ArrayNode) next.at("/metadata/finalizers")).add("c");
        deployments.update(d, next, "editor", null, T1);
        assertThat(fields(next, "editor")).isEqualTo("{'f:metadata':{'f:finalizers':{'v:\\'c\\'':{}}},"
                + "'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'two\\'}':{'f:image':{}}}}}}}");
        assertThat(fields(next, "creator")).isEqualTo("{'f:metadata':{'f:finalizers':{'.':{},'v:\\'b\\'':{}}},"
                + "'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'one\\'}':{'.':{},"
                + "'f:image':{},'f:name':{}},'k:{\\'name\\':\\'two\\'}':{'.':{},'f:name':{}}}}}}}");
    }

    @Test
    void atomicListsAreOneLeaf() {
        ObjectNode d = obj("{'metadata':{'name':'web'},'spec':{'template':{'spec':{'containers':"
                + "[{'name':'c','image':'x','args':['a','b']}],'tolerations':[{'key':'k'}]}}}}");
        deployments.update(null, d, "creator", null, T0);
        assertThat(fields(d, "creator")).contains("'f:args':{}").contains("'f:tolerations':{}")
                .doesNotContain("v:").doesNotContain("i:");
    }

    @Test
    void managedFieldsSentWithTheObject() {
        ObjectNode live = createConfigMap();
        String stored = Json.string(entries(live));

        // absent or null: the stored ones stay
        ObjectNode absent = copy(live);
        ((ObjectNode) absent.get("metadata")).putNull("managedFields");
        configMaps.update(live, absent, "x", null, T1);
        assertThat(Json.string(entries(absent))).isEqualTo(stored);

        // invalid: ignored, the stored ones stay
        ObjectNode invalid = copy(live);
        ((ObjectNode) invalid.get("metadata")).putArray("managedFields").addObject().put("manager", "m")
                .put("operation", "Delete").put("apiVersion", "v1").put("fieldsType", "FieldsV1");
        configMaps.update(live, invalid, "x", null, T1);
        assertThat(Json.string(entries(invalid))).isEqualTo(stored);

        // an empty list, or one empty entry, clears them
        for (String reset : new String[]{"[]", "[{}]"}) {
            ObjectNode cleared = copy(live);
            ((ObjectNode) cleared.get("metadata")).set("managedFields", Json.parse(reset.getBytes()));
            configMaps.update(live, cleared, "x", null, T1);
            assertThat(cleared.at("/metadata").has("managedFields")).as(reset).isFalse();
            // ... and a change in the same write is owned by the writer alone
            ObjectNode changed = copy(live);
            ((ObjectNode) changed.get("metadata")).set("managedFields", Json.parse(reset.getBytes()));
            ((ObjectNode) changed.get("data")).put("a", "9");
            configMaps.update(live, changed, "x", null, T1);
            assertThat(managers(changed)).containsExactly("x");
            assertThat(fields(changed, "x")).isEqualTo("{'f:data':{'f:a':{}}}");
        }

        // a valid list is taken as given
        ObjectNode given = copy(live);
        ((ObjectNode) given.get("metadata")).set("managedFields", Json.parse(("[{\"manager\":\"mine\","
                + "\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"" + T0 + "\",\"fieldsType\":\"FieldsV1\","
                + "\"fieldsV1\":{\"f:data\":{\"f:a\":{}}}}]").getBytes()));
        configMaps.update(live, given, "x", null, T1);
        assertThat(managers(given)).containsExactly("mine");
        assertThat(fields(given, "mine")).isEqualTo("{'f:data':{'f:a':{}}}");

        // through a subresource they are never taken from the request
        ObjectNode viaStatus = copy(live);
        ((ObjectNode) viaStatus.get("metadata")).putArray("managedFields");
        configMaps.update(live, viaStatus, "x", "status", T1);
        assertThat(Json.string(entries(viaStatus))).isEqualTo(stored);
    }

    @Test
    void updateManagersAreCapped() {
        ObjectNode live = createConfigMap();
        for (int i = 0; i < 12; i++) {
            ObjectNode next = copy(live);
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            configMaps.update(live, next, "m" + i, null, String.format("2025-01-01T01:%02d:00Z", i));
            live = next;
        }
        List<String> managers = managers(live);
        assertThat(managers).hasSize(ManagedFields.MAX_UPDATE_MANAGERS).contains("ancient-changes")
                .doesNotContain("kubectl-create", "m0", "m1").contains("m11");
        assertThat(fields(live, "ancient-changes")).contains("'f:k0':{}").contains("'f:k1':{}").contains("'f:app':{}");
    }

    @Test
    void managerNamesComeFromTheUserAgent() {
        assertThat(ManagerNames.of(null, "kubectl/v1.33.0 (linux/amd64) kubernetes/abc")).isEqualTo("kubectl");
        assertThat(ManagerNames.of("", "kube-controller-manager/v1.33.0 (linux/amd64)"))
                .isEqualTo("kube-controller-manager");
        assertThat(ManagerNames.of("mine", "kubectl/v1.33.0")).isEqualTo("mine");
        assertThat(ManagerNames.of(null, "curl")).isEqualTo("curl");
        assertThat(ManagerNames.of(null, "a\u0007b/1")).isEqualTo("ab");
        assertThat(ManagerNames.of(null, "x".repeat(200))).hasSize(128);
        assertThat(ManagerNames.of(null, null)).isEmpty();
    }

    @Test
    void managerNamesAreValidated() {
        assertThat(ManagerNames.validate("kubectl-create")).isEmpty();
        assertThat(ManagerNames.validate(null)).isEmpty();
        assertThat(ManagerNames.validate("x".repeat(128))).isEmpty();
        assertThat(ManagerNames.validate("x".repeat(129))).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("FieldValueTooLong");
            assertThat(c.message()).isEqualTo("Too long: may not be more than 128 bytes");
            assertThat(c.field()).isEqualTo("fieldManager");
        });
        assertThat(ManagerNames.validate("ab\u0001")).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("FieldValueInvalid");
            assertThat(c.message()).isEqualTo("Invalid value: \"ab\\x01\": invalid character U+0001 (at position 2)");
        });
    }
}
