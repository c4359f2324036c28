package io.k3j.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JsonPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static JsonNode apply(String patch, String target) {
        return JsonPatch.apply(json(patch), json(target));
    }

    private static void assertPatch(String target, String patch, String expected) {
        assertThat(apply(patch, target)).isEqualTo(json(expected));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String target, String patch,
                                                                               boolean invalidPatch) {
        return assertThatThrownBy(() -> apply(patch, target)).isInstanceOfSatisfying(PatchException.class,
                e -> assertThat(e.invalidPatch()).as("invalidPatch").isEqualTo(invalidPatch));
    }

    // RFC 6902 appendix A

    @Test
    void a1AddsAnObjectMember() {
        assertPatch("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}");
    }

    @Test
    void a2AddsAnArrayElement() {
        assertPatch("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]",
                "{'foo':['bar','qux','baz']}");
    }

    @Test
    void a3RemovesAnObjectMember() {
        assertPatch("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}");
    }

    @Test
    void a4RemovesAnArrayElement() {
        assertPatch("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}");
    }

    @Test
    void a5ReplacesAValue() {
        assertPatch("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]",
                "{'baz':'boo','foo':'bar'}");
    }

    @Test
    void a6MovesAValue() {
        assertPatch("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}");
    }

    @Test
    void a7MovesAnArrayElement() {
        assertPatch("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]",
                "{'foo':['all','cows','eat','grass']}");
    }

    @Test
    void a8TestsAValueSuccessfully() {
        String target = "{'baz':'qux','foo':['a',2,'c']}";
        assertPatch(target, "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                target);
    }

    @Test
    void a9TestsAValueUnsuccessfully() {
        assertFails("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]", false)
                .hasMessage("testing value /baz failed: test failed");
    }

    @Test
    void a10AddsANestedMemberObject() {
        assertPatch("{'foo':'bar'}", "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
                "{'foo':'bar','child':{'grandchild':{}}}");
    }

    @Test
    void a11IgnoresUnrecognizedElements() {
        assertPatch("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux','xyz':123}]",
                "{'foo':'bar','baz':'qux'}");
    }

    @Test
    void a12FailsToAddToANonexistentTarget() {
        assertFails("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]", false)
                .hasMessage("add operation does not apply: doc is missing path: \"/baz/bat\": missing value");
    }

    @Test
    void a13DuplicateOpMembersAreRejectedByAStrictParser() {
        // Duplicate members never reach JsonPatch as a tree; callers parse with duplicate detection on.
        JsonMapper strict = JSON.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        assertThatThrownBy(() -> strict.readTree("[{'op':'add','path':'/baz','value':'qux','op':'remove'}]"))
                .hasMessageContaining("Duplicate Object property \"op\"");
    }

    @Test
    void a14EscapesTildeAndSlashInOrder() {
        String target = "{'/':9,'~1':10}";
        assertPatch(target, "[{'op':'test','path':'/~01','value':10}]", target);
        assertPatch(target, "[{'op':'replace','path':'/~1','value':1}]", "{'/':1,'~1':10}");
    }

    @Test
    void a15ComparesStringsAndNumbersByType() {
        assertFails("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':'10'}]", false)
                .hasMessage("testing value /~01 failed: test failed");
    }

    @Test
    void a16AddsAnArrayValue() {
        assertPatch("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]",
                "{'foo':['bar',['abc','def']]}");
    }

    // Pointers and array indices

    @Test
    void addsAKubernetesLabelWhoseKeyContainsASlash() {
        assertPatch("{'metadata':{'labels':{}}}",
                "[{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'web'}]",
                "{'metadata':{'labels':{'app.kubernetes.io/name':'web'}}}");
    }

    @Test
    void addsAtTheEndOfAnArrayByIndexOrDash() {
        assertPatch("[1,2]", "[{'op':'add','path':'/2','value':3},{'op':'add','path':'/-','value':4}]", "[1,2,3,4]");
    }

    @Test
    void rejectsBadArrayIndices() {
        assertFails("[1,2]", "[{'op':'add','path':'/3','value':0}]", false).hasMessage(
                "add operation does not apply: index 3 is out of bounds for array of size 2 in path \"/3\": "
                        + "invalid index referenced");
        assertFails("[1,2]", "[{'op':'replace','path':'/2','value':0}]", false).hasMessageContaining("out of bounds");
        assertFails("[1,2]", "[{'op':'remove','path':'/-'}]", false).hasMessageContaining("out of bounds");
        assertFails("[1,2]", "[{'op':'add','path':'/01','value':0}]", false)
                .hasMessage("add operation does not apply: invalid array index \"01\" in path \"/01\"");
        assertFails("[1,2]", "[{'op':'remove','path':'/-1'}]", false).hasMessageContaining("invalid array index");
        assertFails("[1,2]", "[{'op':'test','path':'/x','value':1}]", false)
                .hasMessageContaining("invalid array index");
        assertFails("[1,2]", "[{'op':'remove','path':'/99999999999'}]", false).hasMessageContaining("out of bounds");
    }

    @Test
    void emptyPointerAddressesTheWholeDocument() {
        assertPatch("{'a':1}", "[{'op':'add','path':'','value':[1]}]", "[1]");
        assertPatch("{'a':1}", "[{'op':'replace','path':'','value':{'b':2}}]", "{'b':2}");
        assertPatch("{'a':1}", "[{'op':'test','path':'','value':{'a':1.0}}]", "{'a':1}");
        assertPatch("{'a':1}", "[{'op':'copy','from':'','path':'/b'}]", "{'a':1,'b':{'a':1}}");
        assertFails("{'a':1}", "[{'op':'remove','path':''}]", false)
                .hasMessage("remove operation does not apply: cannot remove the whole document");
    }

    @Test
    void emptyKeyIsAnOrdinaryMember() {
        assertPatch("{'':{'':1}}", "[{'op':'replace','path':'//','value':2}]", "{'':{'':2}}");
    }

    // Kubernetes (evanphx/json-patch) strictness

    @Test
    void removeOrReplaceOfAMissingPathFails() {
        String pod = "{'metadata':{'labels':{'app':'web'}}}";
        assertFails(pod, "[{'op':'remove','path':'/metadata/labels/x'}]", false)
                .hasMessage("remove operation does not apply: doc is missing path: \"/metadata/labels/x\": "
                        + "missing value");
        assertFails(pod, "[{'op':'replace','path':'/metadata/annotations/x','value':'y'}]", false)
                .hasMessage("replace operation does not apply: doc is missing path: \"/metadata/annotations/x\": "
                        + "missing value");
        assertFails(pod, "[{'op':'add','path':'/metadata/labels/app/x','value':1}]", false)
                .hasMessageContaining("doc is missing path: \"/metadata/labels/app/x\"");
    }

    @Test
    void testComparesStructurally() {
        String target = "{'a':{'x':1,'y':[1,2.5,'s',true,null]}}";
        assertPatch(target, "[{'op':'test','path':'/a','value':{'y':[1.0,2.50,'s',true,null],'x':1e0}}]", target);
        assertFails(target, "[{'op':'test','path':'/a/y','value':[2.5,1,'s',true,null]}]", false);
        assertFails(target, "[{'op':'test','path':'/a','value':{'x':1}}]", false);
        assertFails(target, "[{'op':'test','path':'/a/x','value':true}]", false);
    }

    @Test
    void testOfAnAbsentMemberMatchesOnlyNull() {
        assertPatch("{'a':1}", "[{'op':'test','path':'/b','value':null}]", "{'a':1}");
        assertFails("{'a':1}", "[{'op':'test','path':'/b','value':0}]", false);
        assertFails("{'a':1}", "[{'op':'test','path':'/b/c','value':null}]", false)
                .hasMessage("test operation does not apply: doc is missing path: \"/b/c\": missing value");
    }

    @Test
    void moveAndCopyRules() {
        assertPatch("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a'}]", "{'a':{'b':1}}");
        assertFails("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a/b/c'}]", false)
                .hasMessage("move operation does not apply: cannot move \"/a\" into its own child \"/a/b/c\"");
        assertFails("{'a':1}", "[{'op':'move','from':'/x','path':'/y'}]", false)
                .hasMessage("move operation does not apply: doc is missing from path: \"/x\": missing value");
        assertFails("{'a':1}", "[{'op':'copy','from':'/a','path':'/x/y'}]", false)
                .hasMessage("copy operation does not apply: doc is missing destination path: \"/x/y\": missing value");
        // copy is deep: changing the copy leaves the source alone
        assertPatch("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'},{'op':'replace','path':'/c/b','value':2}]",
                "{'a':{'b':1},'c':{'b':2}}");
    }

    @Test
    void addOverwritesAnExistingMemberAndAcceptsNull() {
        assertPatch("{'a':1}", "[{'op':'add','path':'/a','value':null}]", "{'a':null}");
    }

    // Malformed patches

    @ParameterizedTest
    @ValueSource(strings = {
        "{'op':'add','path':'/a','value':1}",
        "[1]",
        "[{'path':'/a'}]",
        "[{'op':'frobnicate','path':'/a'}]",
        "[{'op':'remove'}]",
        "[{'op':'remove','path':1}]",
        "[{'op':'add','path':'/a'}]",
        "[{'op':'replace','path':'/a'}]",
        "[{'op':'test','path':'/a'}]",
        "[{'op':'move','path':'/a'}]",
        "[{'op':'copy','path':'/a','from':null}]",
        "[{'op':'remove','path':'a'}]",
        "[{'op':'remove','path':'/a~2'}]",
        "[{'op':'remove','path':'/a~'}]",
        "[{'op':'remove','path':'/a'},{'op':'add','path':'/b'}]",
    })
    void rejectsMalformedPatchesBeforeApplyingAnything(String patch) {
        assertFails("{'a':1}", patch, true).hasMessageStartingWith("invalid JSON Patch");
    }

    @Test
    void malformedPatchMessagesSayWhatIsWrong() {
        assertFails("{}", "{}", true).hasMessage("invalid JSON Patch: expected an array of operations, got an object");
        assertFails("{}", "[{'op':'remove','path':'/a'},'x']", true)
                .hasMessage("invalid JSON Patch: operation 1 is a string, expected an object");
        assertFails("{}", "[{'op':'bogus'}]", true)
                .hasMessage("invalid JSON Patch: operation 0 has unsupported op \"bogus\"");
        assertFails("{}", "[{'op':'add','path':'/a'}]", true)
                .hasMessage("invalid JSON Patch: operation 0 (add) is missing the field \"value\"");
        assertFails("{}", "[{'op':'move','path':'/a'}]", true)
                .hasMessage("invalid JSON Patch: operation 0 (move) is missing the field \"from\"");
        assertFails("{}", "[{'op':'test','path':'a','value':1}]", true).hasMessage(
                "invalid JSON Patch: operation 0 (test): invalid JSON pointer \"a\": must be empty or start with '/'");
    }

    // Contracts

    @Test
    void emptyPatchReturnsAnEqualCopy() {
        JsonNode target = json("{'a':[1]}");
        JsonNode result = JsonPatch.apply(json("[]"), target);
        assertThat(result).isEqualTo(target).isNotSameAs(target);
    }

    @Test
    void neverMutatesItsInputsNorSharesNodesWithThem() {
        JsonNode target = json("{'a':{'b':[1,2]},'c':'d'}");
        JsonNode patch = json("[{'op':'add','path':'/a/b/-','value':{'x':1}},{'op':'remove','path':'/c'},"
                + "{'op':'add','path':'/r','value':{'y':2}},{'op':'move','from':'/a/b','path':'/m'}]");
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        ObjectNode result = (ObjectNode) JsonPatch.apply(patch, target);
        assertThat(result).isEqualTo(json("{'a':{},'m':[1,2,{'x':1}],'r':{'y':2}}"));
        ((ObjectNode) result.get("r")).put("y", 3);
        ((ObjectNode) result.get("m").get(2)).put("x", 3);
        assertThat(target).isEqualTo(targetBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @Test
    void aFailingOperationLeavesTheTargetUntouched() {
        JsonNode target = json("{'a':1}");
        assertThatThrownBy(() -> JsonPatch.apply(
                json("[{'op':'remove','path':'/a'},{'op':'remove','path':'/zzz'}]"), target))
                .isInstanceOf(PatchException.class);
        assertThat(target).isEqualTo(json("{'a':1}"));
    }
}
