package io.k3j.apiserver.patch;

import static io.k3j.apiserver.patch.JsonPatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.apiserver.schema.BuiltinTypes;
import io.k3j.apiserver.schema.TypeDef;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {

    private static final TypeDef POD = BuiltinTypes.forKind("", "Pod");
    private static final TypeDef DEPLOYMENT = BuiltinTypes.forKind("apps", "Deployment");

    private static JsonNode apply(TypeDef type, String target, String patch) {
        return StrategicMergePatch.apply(json(patch), (ObjectNode) json(target), type);
    }

    /** A pod whose spec is {@code spec}, patched with a patch whose spec is {@code patchSpec}; returns the spec. */
    private static JsonNode podSpec(String spec, String patchSpec) {
        return apply(POD, "{'spec':" + spec + "}", "{'spec':" + patchSpec + "}").get("spec");
    }

    private static PatchException failure(TypeDef type, String target, String patch) {
        try {
            apply(type, target, patch);
        } catch (PatchException e) {
            return e;
        }
        throw new AssertionError("patch applied: " + patch);
    }

    @Nested
    class LikeMergePatch {

        @Test
        void mergesObjectsAndNullDeletes() {
            assertThat(apply(POD, "{'metadata':{'labels':{'a':'1','b':'2'},'name':'p'}}",
                    "{'metadata':{'labels':{'b':null,'c':'3'}}}"))
                    .isEqualTo(json("{'metadata':{'labels':{'a':'1','c':'3'},'name':'p'}}"));
        }

        @Test
        void replacesUntaggedListsAndMismatchedValues() {
            assertThat(podSpec("{'tolerations':[{'key':'a'},{'key':'b'}],'nodeSelector':{'x':'1'}}",
                    "{'tolerations':[{'key':'c'}],'nodeSelector':['odd']}"))
                    .isEqualTo(json("{'tolerations':[{'key':'c'}],'nodeSelector':['odd']}"));
            assertThat(podSpec("{'containers':[{'name':'a','args':['x','y']}]}",
                    "{'containers':[{'name':'a','args':['z']}]}"))
                    .isEqualTo(json("{'containers':[{'name':'a','args':['z']}]}"));
        }

        @Test
        void atomicObjectsForOwnershipStillMerge() {
            assertThat(podSpec("{'nodeSelector':{'a':'1'}}", "{'nodeSelector':{'b':'2'}}"))
                    .isEqualTo(json("{'nodeSelector':{'a':'1','b':'2'}}"));
        }

        @Test
        void unknownKindsAndFieldsMergeObjectsAndReplaceLists() {
            TypeDef configMap = BuiltinTypes.forKind("", "ConfigMap");
            assertThat(apply(configMap, "{'data':{'a':'1'},'x':[1,2],'y':{'z':[1]}}",
                    "{'data':{'b':'2'},'x':[3],'y':{'z':[2],'w':1}}"))
                    .isEqualTo(json("{'data':{'a':'1','b':'2'},'x':[3],'y':{'z':[2],'w':1}}"));
        }

        @Test
        void newValuesLoseNullsAndDirectives() {
            assertThat(apply(POD, "{'metadata':{}}", "{'metadata':{'annotations':{'a':null,'b':'x'}}}"))
                    .isEqualTo(json("{'metadata':{'annotations':{'b':'x'}}}"));
            assertThat(podSpec("{}", "{'initContainers':[{'name':'gone','$patch':'delete'},{'name':'i',"
                    + "'env':[{'name':'E','$patch':'delete'}],'image':null}]}"))
                    .isEqualTo(json("{'initContainers':[{'name':'i','env':[]}]}"));
            assertThat(podSpec("{}", "{'affinity':{'$patch':'delete'}}")).isEqualTo(json("{}"));
        }

        @Test
        void doesNotModifyItsInputs() {
            JsonNode target = json("{'spec':{'containers':[{'name':'a','image':'x'}]}}");
            JsonNode patch = json("{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}");
            JsonNode targetCopy = target.deepCopy();
            JsonNode patchCopy = patch.deepCopy();
            assertThat(StrategicMergePatch.apply(patch, (ObjectNode) target, POD))
                    .isEqualTo(json("{'spec':{'containers':[]}}"));
            assertThat(target).isEqualTo(targetCopy);
            assertThat(patch).isEqualTo(patchCopy);
        }
    }

    @Nested
    class KeyedLists {

        @Test
        void mergeItemsByKeyAndPutNewOnesAheadOfServerItemsAsUpstreamDoes() {
            // the kubectl patch documentation's example: the added container comes first
            assertThat(podSpec("{'containers':[{'name':'patch-demo-ctr','image':'nginx'}]}",
                    "{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}"))
                    .isEqualTo(json("{'containers':[{'name':'patch-demo-ctr-2','image':'redis'},"
                            + "{'name':'patch-demo-ctr','image':'nginx'}]}"));
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'b','image':'old','ports':[]},{'name':'c'}]}",
                    "{'containers':[{'name':'b','image':'new'},{'name':'d'}]}"))
                    .isEqualTo(json("{'containers':[{'name':'a'},{'name':'b','image':'new','ports':[]},"
                            + "{'name':'d'},{'name':'c'}]}"));
        }

        @Test
        void patchOrderWinsOverServerOrderForPatchedItems() {
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}",
                    "{'containers':[{'name':'c','image':'x'},{'name':'a','image':'y'}]}"))
                    .as("b stayed in front of c, where the server had it")
                    .isEqualTo(json("{'containers':[{'name':'b'},{'name':'c','image':'x'},"
                            + "{'name':'a','image':'y'}]}"));
        }

        @Test
        void containerPortsMergeOnContainerPortOnly() {
            assertThat(podSpec("{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP',"
                    + "'name':'http'},{'containerPort':53,'protocol':'UDP'}]}]}",
                    "{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'}]}]}"))
                    .isEqualTo(json("{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP',"
                            + "'name':'web'},{'containerPort':53,'protocol':'UDP'}]}]}"));
        }

        @Test
        void servicePortsMergeOnPort() {
            TypeDef service = BuiltinTypes.forKind("", "Service");
            assertThat(apply(service, "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}]}}",
                    "{'spec':{'ports':[{'port':80,'targetPort':9090}]}}"))
                    .isEqualTo(json("{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':443}]}}"));
        }

        @Test
        void ownerReferencesMergeByUidAndConditionsByType() {
            assertThat(apply(POD, "{'metadata':{'ownerReferences':[{'uid':'1','name':'a'}]},"
                            + "'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'X','status':'True'}]}}",
                    "{'metadata':{'ownerReferences':[{'uid':'2','name':'b'}]},"
                            + "'status':{'conditions':[{'type':'Ready','status':'True'}]}}"))
                    .isEqualTo(json("{'metadata':{'ownerReferences':[{'uid':'2','name':'b'},{'uid':'1','name':'a'}]},"
                            + "'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'X','status':'True'}]}}"));
        }

        @Test
        void jobConditionsMergeAlthoughTheListIsAtomicForOwnership() {
            TypeDef job = BuiltinTypes.forKind("batch", "Job");
            assertThat(apply(job, "{'status':{'conditions':[{'type':'Suspended','status':'True'}]}}",
                    "{'status':{'conditions':[{'type':'Complete','status':'True'}]}}").at("/status/conditions"))
                    .isEqualTo(json("[{'type':'Complete','status':'True'},{'type':'Suspended','status':'True'}]"));
        }

        @Test
        void deleteDirectiveRemovesEveryMatchingItem() {
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'b'},{'name':'a','image':'dup'}]}",
                    "{'containers':[{'name':'a','$patch':'delete'}]}"))
                    .isEqualTo(json("{'containers':[{'name':'b'}]}"));
        }

        @Test
        void replaceDirectiveReplacesTheList() {
            assertThat(podSpec("{'volumes':[{'name':'a','emptyDir':{}},{'name':'b'}]}",
                    "{'volumes':[{'name':'c','hostPath':{'path':'/x','type':null}},{'$patch':'replace'}]}"))
                    .isEqualTo(json("{'volumes':[{'name':'c','hostPath':{'path':'/x'}}]}"));
        }

        @Test
        void nestedContainersInADeployment() {
            String deployment = """
                    {'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[
                      {'name':'app','image':'app:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                       'volumeMounts':[{'name':'v','mountPath':'/data'}],'resources':{'limits':{'cpu':'1'}}},
                      {'name':'sidecar','image':'proxy:1'}]}}}}""";
            String patch = """
                    {'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'now'}},
                     'spec':{'containers':[
                      {'name':'app','image':'app:2','env':[{'name':'B','$patch':'delete'},{'name':'C','value':'3'}],
                       'volumeMounts':[{'mountPath':'/data','readOnly':true}],'resources':{'limits':{'memory':'1Gi'}}}]}}}}""";
            assertThat(apply(DEPLOYMENT, deployment, patch)).isEqualTo(json("""
                    {'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'},
                      'annotations':{'kubectl.kubernetes.io/restartedAt':'now'}},'spec':{'containers':[
                      {'name':'app','image':'app:2','env':[{'name':'C','value':'3'},{'name':'A','value':'1'}],
                       'volumeMounts':[{'name':'v','mountPath':'/data','readOnly':true}],
                       'resources':{'limits':{'cpu':'1','memory':'1Gi'}}},
                      {'name':'sidecar','image':'proxy:1'}]}}}}"""));
        }
    }

    @Nested
    class Directives {

        @Test
        void replaceInAnObjectReplacesIt() {
            assertThat(apply(POD, "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                    "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}"))
                    .isEqualTo(json("{'metadata':{'labels':{'c':'3'}}}"));
            assertThat(apply(POD, "{'kind':'Pod','spec':{'x':1}}", "{'$patch':'replace','kind':'Pod'}"))
                    .isEqualTo(json("{'kind':'Pod'}"));
        }

        @Test
        void deleteInAnObjectEmptiesIt() {
            assertThat(apply(POD, "{'metadata':{'labels':{'a':'1'},'name':'p'}}",
                    "{'metadata':{'labels':{'$patch':'delete'}}}"))
                    .isEqualTo(json("{'metadata':{'labels':{},'name':'p'}}"));
        }

        @Test
        void setElementOrderOrdersTheMergedList() {
            // what client-side apply sends after removing container b and adding d, listing c first
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}", """
                    {'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'d'}],
                     'containers':[{'name':'d','image':'new'},{'name':'b','$patch':'delete'}]}"""))
                    .isEqualTo(json("{'containers':[{'name':'c'},{'name':'a'},{'name':'d','image':'new'}]}"));
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'b'}]}",
                    "{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}"))
                    .isEqualTo(json("{'containers':[{'name':'b'},{'name':'a'}]}"));
        }

        @Test
        void setElementOrderOnPrimitiveLists() {
            assertThat(apply(POD, "{'metadata':{'finalizers':['a','b']}}",
                    "{'metadata':{'$setElementOrder/finalizers':['c','b','a'],'finalizers':['c']}}"))
                    .isEqualTo(json("{'metadata':{'finalizers':['c','b','a']}}"));
        }

        @Test
        void setElementOrderServerOnlyItemsKeepTheirPlace() {
            assertThat(podSpec("{'containers':[{'name':'a'},{'name':'x'},{'name':'b'}]}",
                    "{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}"))
                    .isEqualTo(json("{'containers':[{'name':'x'},{'name':'b'},{'name':'a'}]}"));
        }

        @Test
        void primitiveMergeListsAreSets() {
            assertThat(apply(POD, "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['c','a']}}"))
                    .isEqualTo(json("{'metadata':{'finalizers':['c','a','b']}}"));
            assertThat(apply(POD, "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['b']}}"))
                    .isEqualTo(json("{'metadata':{'finalizers':['a','b']}}"));
        }

        @Test
        void deleteFromPrimitiveList() {
            assertThat(apply(POD, "{'metadata':{'finalizers':['a','b','c']}}",
                    "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','zz']}}"))
                    .isEqualTo(json("{'metadata':{'finalizers':['a','c']}}"));
            assertThat(apply(POD, "{'metadata':{}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}"))
                    .isEqualTo(json("{'metadata':{}}"));
            assertThat(failure(POD, "{'spec':{'containers':[{'name':'a','args':['x']}]}}",
                    "{'spec':{'containers':[{'name':'a','$deleteFromPrimitiveList/args':['x']}]}}"))
                    .hasMessage("invalid patch format of primitive list").matches(PatchException::invalidPatch);
        }

        @Test
        void retainKeysClearsWhatItDoesNotName() {
            assertThat(apply(DEPLOYMENT, "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                    "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"))
                    .isEqualTo(json("{'spec':{'strategy':{'type':'Recreate'}}}"));
            assertThat(podSpec("{'volumes':[{'name':'v','emptyDir':{}},{'name':'w','emptyDir':{}}]}",
                    "{'volumes':[{'name':'v','$retainKeys':['configMap','name'],'configMap':{'name':'c'}}]}"))
                    .isEqualTo(json("{'volumes':[{'name':'v','configMap':{'name':'c'}},{'name':'w','emptyDir':{}}]}"));
        }

        @Test
        void retainKeysMustNameEveryPatchedField() {
            PatchException e = failure(DEPLOYMENT, "{'spec':{'strategy':{}}}",
                    "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}");
            assertThat(e).hasMessage("invalid patch format of retainKeys");
            assertThat(e.invalidPatch()).isTrue();
            assertThat(failure(DEPLOYMENT, "{'spec':{}}", "{'spec':{'strategy':{'$retainKeys':'type'}}}"))
                    .hasMessage("invalid patch format of retainKeys");
            // nulls and other directives need not be named
            assertThat(apply(DEPLOYMENT, "{'spec':{'strategy':{'type':'X','rollingUpdate':{}}}}",
                    "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null}}}"))
                    .isEqualTo(json("{'spec':{'strategy':{'type':'X'}}}"));
        }
    }

    @Nested
    class Errors {

        @Test
        void unknownDirectiveValues() {
            PatchException inMap = failure(POD, "{}", "{'metadata':{'$patch':'foo','a':'b'}}");
            assertThat(inMap).hasMessage("unknown patch type: foo in map: map[$patch:foo a:b]");
            assertThat(inMap.invalidPatch()).isTrue();
            assertThat(failure(POD, "{'spec':{'containers':[{'name':'a'}]}}",
                    "{'spec':{'containers':[{'name':'a','$patch':'merge'}]}}"))
                    .hasMessage("merging lists cannot yet be specified in the patch").matches(PatchException::invalidPatch);
            assertThat(failure(POD, "{'spec':{'containers':[{'name':'a'}]}}",
                    "{'spec':{'containers':[{'name':'a','$patch':7}]}}"))
                    .hasMessage("unknown patch type: 7 in map: map[$patch:7 name:a]");
        }

        @Test
        void patchItemWithoutItsMergeKeyIsABadPatch() {
            PatchException e = failure(POD, "{'spec':{'containers':[{'name':'a'}]}}",
                    "{'spec':{'containers':[{'image':'x'}]}}");
            assertThat(e).hasMessage("map: map[image:x] does not contain declared merge key: name");
            assertThat(e.invalidPatch()).isTrue();
            assertThat(failure(POD, "{'spec':{'containers':[{'name':'a'}]}}",
                    "{'spec':{'containers':[{'$patch':'delete','image':'x'}]}}").invalidPatch()).isTrue();
        }

        @Test
        void storedItemWithoutItsMergeKeyDoesNotApply() {
            PatchException e = failure(POD, "{'spec':{'containers':[{'image':'a'}]}}",
                    "{'spec':{'containers':[{'name':'b'}]}}");
            assertThat(e).hasMessage("map: map[image:a] does not contain declared merge key: name");
            assertThat(e.invalidPatch()).isFalse();
        }

        @Test
        void listsThatCannotMerge() {
            assertThat(failure(POD, "{'metadata':{'finalizers':[['a']]}}", "{'metadata':{'finalizers':['b']}}"))
                    .hasMessage("lists of lists are not supported").matches(e -> !e.invalidPatch());
            assertThat(failure(POD, "{'metadata':{'finalizers':['a']}}", "{'metadata':{'finalizers':[1]}}"))
                    .hasMessage("list element types are not identical: [[a] [1]]");
            assertThat(failure(POD, "{'metadata':{'finalizers':[{'a':1}]}}", "{'metadata':{'finalizers':[{'b':1}]}}"))
                    .hasMessage("cannot merge lists without merge key for type map");
        }

        @Test
        void setElementOrderThatContradictsThePatch() {
            PatchException e = failure(POD, "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                    "{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],"
                            + "'containers':[{'name':'b','image':'x'},{'name':'a','image':'y'}]}}");
            assertThat(e.getMessage()).startsWith("the order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n"
                    + " doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]");
            assertThat(e.invalidPatch()).isTrue();
            assertThat(failure(POD, "{}", "{'spec':{'$setElementOrder/containers':'a'}}"))
                    .hasMessage("invalid patch format of setElementOrder list");
            assertThat(failure(POD, "{}", "{'spec':{'$setElementOrder/containers':[{'image':'a'}],"
                    + "'containers':[{'name':'b'}]}}").invalidPatch()).isTrue();
        }

        @Test
        void malformedDirectiveKeysAndNonObjectPatches() {
            assertThat(failure(POD, "{}", "{'metadata':{'$setElementOrder':[]}}"))
                    .hasMessage("invalid patch format of setElementOrder list");
            assertThat(failure(POD, "{}", "{'metadata':{'$deleteFromPrimitiveListX/finalizers':[]}}"))
                    .hasMessage("invalid patch format of primitive list");
            assertThatThrownBy(() -> StrategicMergePatch.apply(json("[1]"), (ObjectNode) json("{}"), POD))
                    .isInstanceOf(PatchException.class)
                    .hasMessage("json: cannot unmarshal array into Go value of type map[string]interface {}");
        }
    }
}
