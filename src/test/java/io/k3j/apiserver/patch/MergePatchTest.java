package io.k3j.apiserver.patch;

import static io.k3j.apiserver.patch.JsonPatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MergePatchTest {

    /** RFC 7386 appendix A, "Example Test Cases": target, patch, result. */
    static Stream<Arguments> rfc7386Examples() {
        return Stream.of(
                arguments("{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
                arguments("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
                arguments("{'a':'b'}", "{'a':null}", "{}"),
                arguments("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
                arguments("{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
                arguments("{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
                arguments("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
                arguments("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
                arguments("['a','b']", "['c','d']", "['c','d']"),
                arguments("{'a':'b'}", "['c']", "['c']"),
                arguments("{'a':'foo'}", "null", "null"),
                arguments("{'a':'foo'}", "'bar'", "'bar'"),
                arguments("{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
                arguments("[1,2]", "{'a':'b','c':null}", "{'a':'b'}"),
                arguments("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"));
    }

    @ParameterizedTest
    @MethodSource("rfc7386Examples")
    void appliesTheRfcExamples(String target, String patch, String expected) {
        assertThat(MergePatch.apply(json(patch), json(target))).isEqualTo(json(expected));
    }

    @ParameterizedTest
    @MethodSource("rfc7386Examples")
    void diffOfTheRfcExamplesRoundTrips(String original, String ignoredPatch, String modified) {
        JsonNode patch = MergePatch.diff(json(original), json(modified));
        assertThat(MergePatch.apply(patch, json(original))).isEqualTo(json(modified));
    }

    @Test
    void appliesTheRfcSection3Example() {
        JsonNode target = json("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},"
                + "'tags':['example','sample'],'content':'This will be unchanged'}");
        JsonNode patch = json("{'title':'Hello!','phoneNumber':'+01-123-456-7890',"
                + "'author':{'familyName':null},'tags':['example']}");
        assertThat(MergePatch.apply(patch, target)).isEqualTo(json("{'title':'Hello!','author':{'givenName':'John'},"
                + "'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"));
    }

    @Test
    void arraysAreTakenWholesaleIncludingNulls() {
        assertThat(MergePatch.apply(json("{'a':[null,{'b':null}]}"), json("{'a':[1,2,3]}")))
                .isEqualTo(json("{'a':[null,{'b':null}]}"));
    }

    @Test
    void deletingAnAbsentKeyIsANoOp() {
        assertThat(MergePatch.apply(json("{'x':null,'a':{'y':null}}"), json("{'a':{}}"))).isEqualTo(json("{'a':{}}"));
    }

    @Test
    void applyNeverMutatesItsInputsNorSharesNodesWithThem() {
        JsonNode target = json("{'a':{'b':1},'c':[1]}");
        JsonNode patch = json("{'a':{'b':null,'n':{'x':1}},'c':[2],'d':{'e':null,'f':1}}");
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        JsonNode result = MergePatch.apply(patch, target);
        assertThat(result).isEqualTo(json("{'a':{'n':{'x':1}},'c':[2],'d':{'f':1}}"));
        ((ObjectNode) result.get("a").get("n")).put("x", 2);
        ((ObjectNode) result.get("d")).put("f", 2);
        assertThat(target).isEqualTo(targetBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @Test
    void emptyPatchReturnsAnEqualCopy() {
        JsonNode target = json("{'a':[1]}");
        assertThat(MergePatch.apply(json("{}"), target)).isEqualTo(target).isNotSameAs(target);
    }

    // diff

    @Test
    void diffContainsOnlyTheChanges() {
        JsonNode original = json("{'metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},"
                + "'spec':{'replicas':1,'ports':[80],'paused':false}}");
        JsonNode modified = json("{'metadata':{'name':'web','labels':{'app':'web','env':'prod'}},"
                + "'spec':{'replicas':3,'ports':[80,443],'paused':false},'status':{}}");
        JsonNode patch = MergePatch.diff(original, modified);
        assertThat(patch).isEqualTo(json("{'metadata':{'labels':{'tier':null,'env':'prod'}},"
                + "'spec':{'replicas':3,'ports':[80,443]},'status':{}}"));
        assertThat(MergePatch.apply(patch, original)).isEqualTo(modified);
    }

    @Test
    void diffOfEqualObjectsIsEmpty() {
        assertThat(MergePatch.diff(json("{'a':{'b':[1,{'c':2}]},'n':1}"), json("{'n':1.0,'a':{'b':[1,{'c':2}]}}")))
                .isEqualTo(json("{}"));
    }

    @Test
    void diffReplacesOnTypeChangesAndNonObjects() {
        assertThat(MergePatch.diff(json("{'a':{'b':1}}"), json("{'a':[1]}"))).isEqualTo(json("{'a':[1]}"));
        assertThat(MergePatch.diff(json("{'a':1}"), json("{'a':{'b':1}}"))).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(MergePatch.diff(json("{'a':1}"), json("[1]"))).isEqualTo(json("[1]"));
        assertThat(MergePatch.diff(json("[1]"), json("{'a':1}"))).isEqualTo(json("{'a':1}"));
        assertThat(MergePatch.diff(json("{'a':1}"), json("null"))).isEqualTo(json("null"));
    }

    @Test
    void diffTurnsExplicitNullsIntoDeletions() {
        assertThat(MergePatch.diff(json("{'a':1,'b':null}"), json("{'a':null,'b':null,'c':null}")))
                .isEqualTo(json("{'a':null}"));
    }

    @Test
    void diffNeverMutatesItsInputsNorSharesNodesWithThem() {
        JsonNode original = json("{'a':{'b':1},'x':1}");
        JsonNode modified = json("{'a':{'b':2,'c':{'d':1}},'n':{'m':1}}");
        JsonNode originalBefore = original.deepCopy();
        JsonNode modifiedBefore = modified.deepCopy();

        ObjectNode patch = (ObjectNode) MergePatch.diff(original, modified);
        assertThat(patch).isEqualTo(json("{'a':{'b':2,'c':{'d':1}},'n':{'m':1},'x':null}"));
        ((ObjectNode) patch.get("n")).put("m", 9);
        ((ObjectNode) patch.get("a").get("c")).put("d", 9);
        assertThat(original).isEqualTo(originalBefore);
        assertThat(modified).isEqualTo(modifiedBefore);
    }
}
