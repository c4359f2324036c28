package io.k3j.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.schema.BuiltinTypes;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeDef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Server-side apply: merging, pruning, ownership, conflicts, status and the client-side apply annotation. */
class ApplyTest {

    private static final String T0 = "2025-01-01T00:00:00Z";
    private static final String T1 = "2025-01-01T00:01:00Z";
    private static final String T2 = "2025-01-01T00:02:00Z";

    private final FieldManager deployments = new FieldManager(BuiltinTypes.forKind("apps", "Deployment"), "apps/v1",
            "Deployment", true, Schema.builtin());
    private final FieldManager configMaps = new FieldManager(BuiltinTypes.forKind("", "ConfigMap"), "v1",
            "ConfigMap", false, Schema.builtin());

    private static ObjectNode obj(String json) {
        return Json.parseObject(json.replace('\'', '"').getBytes());
    }

    private static String deployment(String labels, int replicas, String containers) {
        return "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'ns','labels':{"
                + labels + "}},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[" + containers + "]}}}}";
    }

    private static final String NGINX = "{'name':'nginx','image':'nginx','ports':[{'containerPort':80}]}";

    private static JsonNode entry(ObjectNode o, String manager, String operation) {
        for (JsonNode e : o.path("metadata").path("managedFields")) {
            if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) {
                return e;
            }
        }
        return null;
    }

    private static String fields(ObjectNode o, String manager, String operation) {
        JsonNode e = entry(o, manager, operation);
        return e == null ? null : Json.string(e.get("fieldsV1")).replace("\\\"", "'").replace('"', '\'');
    }

    private static List<String> managers(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : o.path("metadata").path("managedFields")) {
            out.add(e.path("manager").asString() + ":" + e.path("operation").asString());
        }
        return out;
    }

    /** What the store keeps: the object as written (uid and the like would be set by the create path). */
    private static ObjectNode stored(ObjectNode o) {
        return o.deepCopy();
    }

    private static Status conflictOf(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status();
        }
        throw new AssertionError("no error");
    }

    @Test
    void creatingOwnsExactlyTheAppliedFields() {
        ObjectNode config = obj(deployment("'app':'web'", 1, NGINX));
        ObjectNode created = deployments.apply(null, config, "kubectl", null, false, T0);
        assertThat(managers(created)).containsExactly("kubectl:Apply");
        JsonNode e = entry(created, "kubectl", "Apply");
        assertThat(e.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(e.path("time").asString()).isEqualTo(T0);
        assertThat(e.has("subresource")).isFalse();
        assertThat(fields(created, "kubectl", "Apply")).isEqualTo("{'f:metadata':{'f:labels':{'f:app':{}}},"
                + "'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},"
                + "'f:spec':{'f:containers':{'k:{'name':'nginx'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{"
                + "'k:{'containerPort':80,'protocol':'TCP'}':{'.':{},'f:containerPort':{}}}}}}}}}");
        ObjectNode withoutFields = created.deepCopy();
        ((ObjectNode) withoutFields.get("metadata")).remove("managedFields");
        assertThat(withoutFields).isEqualTo(config);
        assertThat(config.path("metadata").has("managedFields")).as("the configuration is not modified").isFalse();
    }

    @Test
    void keyedListsMergeByKeySetsByValueAtomicValuesAreReplaced() {
        ObjectNode live = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'finalizers':['a','b'],'labels':{'app':'web','tier':'fe'}},'spec':{'selector':{'matchLabels':"
                + "{'app':'web','x':'y'}},'template':{'spec':{'containers':[{'name':'a','image':'a:1','args':['x','y']},"
                + "{'name':'x','image':'x'},{'name':'b','image':'b:1'}]}}}}");
        ObjectNode config = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'finalizers':['c','a'],'labels':{'env':'prod'}},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c'},"
                + "{'name':'a','args':['z']}]}}}}");
        ObjectNode out = deployments.apply(live, config, "ctl", null, false, T1);
        assertThat(out.at("/metadata/finalizers").toString()).isEqualTo("[\"c\",\"a\",\"b\"]");
        assertThat(out.at("/metadata/labels").toString()).as("maps merge")
                .isEqualTo("{\"app\":\"web\",\"tier\":\"fe\",\"env\":\"prod\"}");
        assertThat(out.at("/spec/selector").toString()).as("an atomic struct is replaced")
                .isEqualTo("{\"matchLabels\":{\"app\":\"web\"}}");
        JsonNode containers = out.at("/spec/template/spec/containers");
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asString()));
        assertThat(names).as("live-only items stay in place, shared ones follow the applied order")
                .containsExactly("x", "b", "c", "a");
        assertThat(containers.get(1).path("image").asString()).isEqualTo("b:2");
        assertThat(containers.get(3).path("image").asString()).as("items merge field by field").isEqualTo("a:1");
        assertThat(containers.get(3).path("args").toString()).as("atomic lists are replaced").isEqualTo("[\"z\"]");
        assertThat(fields(out, "ctl", "Apply")).contains("'f:finalizers':{'v:'a'':{},'v:'c'':{}}");
    }

    @Test
    void fieldsDroppedFromTheConfigurationAreRemovedUnlessSomeoneElseOwnsThem() {
        ObjectNode first = configMaps.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{"
                + "'name':'c','labels':{'app':'x','tier':'fe','keep':'1'}},'data':{'a':'1','b':'2','c':'3'}}"),
                "ctl", null, false, T0);
        // another manager shares "keep" (same value, no conflict) and takes "c" by an update
        ObjectNode shared = configMaps.apply(stored(first), obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{"
                + "'name':'c','labels':{'keep':'1'}}}"), "other", null, false, T1);
        ObjectNode updated = stored(shared);
        ((ObjectNode) updated.get("data")).put("c", "changed");
        configMaps.update(stored(shared), updated, "editor", null, T1);

        ObjectNode out = configMaps.apply(stored(updated), obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{"
                + "'name':'c','labels':{'app':'x'}},'data':{'a':'1'}}"), "ctl", null, false, T2);
        assertThat(out.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"x\",\"keep\":\"1\"}");
        assertThat(out.at("/data").toString()).isEqualTo("{\"a\":\"1\",\"c\":\"changed\"}");
        assertThat(fields(out, "ctl", "Apply")).isEqualTo("{'f:data':{'f:a':{}},'f:metadata':{'f:labels':{'f:app':{}}}}");
        assertThat(fields(out, "other", "Apply")).isEqualTo("{'f:metadata':{'f:labels':{'f:keep':{}}}}");
        assertThat(fields(out, "editor", "Update")).isEqualTo("{'f:data':{'f:c':{}}}");

        // dropping every label removes what only this manager owned, keeps the shared one
        ObjectNode none = configMaps.apply(stored(out), obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{"
                + "'name':'c'},'data':{'a':'1'}}"), "ctl", null, false, T2);
        assertThat(none.at("/metadata/labels").toString()).isEqualTo("{\"keep\":\"1\"}");
        assertThat(none.at("/metadata/name").asString()).isEqualTo("c");
    }

    @Test
    void applyingAnotherManagersValueSharesIt() {
        ObjectNode a = deployments.apply(null, obj(deployment("'app':'web'", 2, NGINX)), "a", null, false, T0);
        ObjectNode b = deployments.apply(stored(a), obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
                + "{'name':'web'},'spec':{'replicas':2}}"), "b", null, false, T1);
        assertThat(fields(b, "b", "Apply")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
        assertThat(fields(b, "a", "Apply")).contains("'f:replicas':{}");
        assertThat(entry(b, "b", "Apply").has("time")).as("nothing changed: upstream sets no time").isFalse();
        assertThat(entry(b, "a", "Apply").path("time").asString()).isEqualTo(T0);

        // a shared field a drops stays: b still owns it
        ObjectNode dropped = deployments.apply(stored(b), obj("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'web','labels':{'app':'web'}},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[" + NGINX + "]}}}}"),
                "a", null, false, T2);
        assertThat(dropped.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(fields(dropped, "a", "Apply")).doesNotContain("f:replicas");
    }

    @Test
    void changingAnotherManagersFieldConflictsUnlessForced() {
        ObjectNode created = deployments.apply(null, obj(deployment("'app':'web'", 1, NGINX)), "a", null, false, T0);
        ObjectNode live = stored(created);
        ObjectNode scaled = stored(created);
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        deployments.update(live, scaled, "kubectl-scale", "scale", T1);

        ObjectNode config = obj(deployment("'app':'web'", 5, NGINX));
        Status s = conflictOf(() -> deployments.apply(stored(scaled), config, "a", null, false, T2));
        assertThat(s.code()).isEqualTo(409);
        assertThat(s.reason()).isEqualTo("Conflict");
        assertThat(s.message()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-scale\" with"
                + " subresource \"scale\" using apps/v1: .spec.replicas");
        assertThat(s.details().causes()).containsExactly(new Status.Cause("FieldManagerConflict",
                "conflict with \"kubectl-scale\" with subresource \"scale\" using apps/v1", ".spec.replicas"));
        assertThat(s.details().name()).isNull();

        ObjectNode forced = deployments.apply(stored(scaled), config, "a", null, true, T2);
        assertThat(forced.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(entry(forced, "kubectl-scale", "Update")).as("left with nothing, the scaler goes").isNull();
        assertThat(fields(forced, "a", "Apply")).contains("'f:replicas':{}");
        assertThat(entry(forced, "a", "Apply").path("time").asString()).isEqualTo(T2);
    }

    @Test
    void severalConflictsAreListedPerManager() {
        ObjectNode created = deployments.apply(null, obj(deployment("'app':'web','tier':'fe'", 1, NGINX)), "a", null,
                false, T0);
        ObjectNode other = deployments.apply(stored(created), obj("{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'metadata':{'name':'web','labels':{'tier':'fe'}}}"), "b", null, false, T1);
        ObjectNode config = obj(deployment("'app':'new','tier':'be'", 4,
                "{'name':'nginx','image':'nginx:2','ports':[{'containerPort':80}]}"));
        Status s = conflictOf(() -> deployments.apply(stored(other), config, "c", null, false, T2));
        assertThat(s.message()).isEqualTo("Apply failed with 5 conflicts: conflicts with \"a\":\n"
                + "- .metadata.labels.app\n- .metadata.labels.tier\n- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"nginx\"].image\n"
                + "conflicts with \"b\":\n- .metadata.labels.tier");
        assertThat(s.details().causes()).hasSize(5);
        assertThat(s.details().causes().get(3).field()).isEqualTo(".spec.template.spec.containers[name=\"nginx\"].image");
    }

    @Test
    void statusIsAppliedOnlyThroughTheStatusSubresource() {
        ObjectNode created = deployments.apply(null, obj(deployment("'app':'web'", 1, NGINX)), "a", null, false, T0);
        ObjectNode withStatus = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},"
                + "'spec':{'replicas':9},'status':{'replicas':1,'conditions':[{'type':'Available','status':'True'}]}}");
        ObjectNode status = deployments.apply(stored(created), withStatus, "ctrl", "status", false, T1);
        JsonNode e = entry(status, "ctrl", "Apply");
        assertThat(e.path("subresource").asString()).isEqualTo("status");
        assertThat(fields(status, "ctrl", "Apply")).isEqualTo("{'f:status':{'f:conditions':{'k:{'type':'Available'}':"
                + "{'.':{},'f:status':{},'f:type':{}}},'f:replicas':{}}}");
        assertThat(fields(status, "a", "Apply")).as("spec through status is no change").contains("'f:replicas':{}");

        ((ObjectNode) withStatus.get("spec")).put("replicas", 1);
        ObjectNode main = deployments.apply(stored(created), withStatus, "b", null, false, T1);
        assertThat(fields(main, "b", "Apply")).isEqualTo("{'f:spec':{'f:replicas':{}}}");
    }

    @Test
    void malformedConfigurationsAreRefused() {
        Status kind = conflictOf(() -> deployments.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap',"
                + "'metadata':{'name':'web'}}"), "a", null, false, T0));
        assertThat(kind.code()).isEqualTo(400);
        assertThat(kind.message()).isEqualTo("invalid object type: /v1, Kind=ConfigMap");
        Status managed = conflictOf(() -> configMaps.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap',"
                + "'metadata':{'name':'c','managedFields':[]}}"), "a", null, false, T0));
        assertThat(managed.code()).isEqualTo(400);
        assertThat(managed.message()).isEqualTo("metadata.managedFields must be nil");
        Status duplicate = conflictOf(() -> deployments.apply(null, obj(deployment("", 1, NGINX + "," + NGINX)), "a",
                null, false, T0));
        assertThat(duplicate.code()).isEqualTo(422);
        assertThat(duplicate.message()).isEqualTo("failed to create typed patch object (ns/web; apps/v1,"
                + " Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name=\"nginx\"]");
        Status noKey = conflictOf(() -> deployments.apply(null, obj(deployment("", 1, "{'image':'x'}")), "a",
                null, false, T0));
        assertThat(noKey.message()).endsWith(".spec.template.spec.containers: element 0: associative list with keys"
                + " has an element that omits key field \"name\" (and doesn't have default value)");
    }

    @Test
    void anUnchangedApplyKeepsEverythingAsStored() {
        ObjectNode created = deployments.apply(null, obj(deployment("'app':'web'", 1, NGINX)), "a", null, false, T0);
        ObjectNode again = deployments.apply(stored(created), obj(deployment("'app':'web'", 1, NGINX)), "a", null,
                false, T1);
        assertThat(again).isEqualTo(created);
    }

    @Test
    void kubectlTakesOverFieldsItsClientSideApplySet() {
        String lastApplied = "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\",\"b\":\"2\"},\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"c\"}}\n";
        ObjectNode live = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','annotations':{}},"
                + "'data':{'a':'1','b':'2'}}");
        ((ObjectNode) live.at("/metadata/annotations")).put(LastApplied.ANNOTATION, lastApplied);
        configMaps.update(null, live, "kubectl-client-side-apply", null, T0);

        ObjectNode config = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'changed','b':'2'}}");
        Status other = conflictOf(() -> configMaps.apply(stored(live), config, "someone", null, false, T1));
        assertThat(other.message()).isEqualTo("Apply failed with 1 conflict: conflict with"
                + " \"kubectl-client-side-apply\" using v1: .data.a");

        ObjectNode out = configMaps.apply(stored(live), config, "kubectl", null, false, T1);
        assertThat(out.at("/data/a").asString()).isEqualTo("changed");
        assertThat(fields(out, "kubectl", "Apply")).isEqualTo("{'f:data':{'f:a':{},'f:b':{}}}");
        assertThat(out.at("/metadata/annotations").get(LastApplied.ANNOTATION).asString()).as("the annotation follows")
                .isEqualTo("{\"apiVersion\":\"v1\",\"data\":{\"a\":\"changed\",\"b\":\"2\"},\"kind\":\"ConfigMap\","
                        + "\"metadata\":{\"name\":\"c\"}}\n");

        // a field changed since the last client-side apply is not kubectl's to take
        ObjectNode drifted = stored(live);
        ((ObjectNode) drifted.get("data")).put("b", "edited");
        ObjectNode edited = stored(drifted);
        configMaps.update(stored(live), edited, "kubectl-client-side-apply", null, T1);
        Status s = conflictOf(() -> configMaps.apply(stored(edited), obj("{'apiVersion':'v1','kind':'ConfigMap',"
                + "'metadata':{'name':'c'},'data':{'a':'changed','b':'3'}}"), "kubectl", null, false, T2));
        assertThat(s.message()).isEqualTo("Apply failed with 1 conflict: conflict with"
                + " \"kubectl-client-side-apply\" using v1: .data.b");
    }

    @Test
    void mapEntriesAreMembersStructFieldsAreNot() {
        Schema schema = Schema.parse("test.types", """
                package io.k3j.test.v1
                type Widget "w"
                  metadata Meta 1 "m"
                  spec Spec 2 "s"
                type Meta "m"
                  name string 1 "n"
                type Spec "s"
                  parts map[Part] 1 "p"
                  main Part 2 "m"
                  empty Part 3 "e"
                type Part "p"
                  color string 1 "c"
                kind test/v1 Widget Widget
                """);
        FieldManager widgets = new FieldManager(TypeDef.object().always("metadata", BuiltinTypes.OBJECT_META),
                "test/v1", "Widget", false, schema);
        ObjectNode out = widgets.apply(null, obj("{'apiVersion':'test/v1','kind':'Widget','metadata':{'name':'w'},"
                + "'spec':{'parts':{'p1':{'color':'red'}},'main':{'color':'blue'},'empty':{}}}"), "m", null, false, T0);
        assertThat(fields(out, "m", "Apply")).isEqualTo("{'f:spec':{'f:empty':{},'f:main':{'f:color':{}},"
                + "'f:parts':{'f:p1':{'.':{},'f:color':{}}}}}");
    }

    @Test
    void mergeOfListsKeepsLiveOnlyItemsInPlace() {
        TypeDef set = TypeDef.object().field("s", TypeDef.SET);
        JsonNode merged = StructuredMerge.merge(obj("{'s':['a','x','b']}"), obj("{'s':['b','c','a']}"), set);
        assertThat(merged.get("s").toString()).isEqualTo("[\"x\",\"b\",\"c\",\"a\"]");
        merged = StructuredMerge.merge(obj("{'s':['a','b']}"), obj("{'s':null}"), set);
        assertThat(merged.get("s").toString()).as("null leaves a granular value").isEqualTo("[\"a\",\"b\"]");
    }
}
