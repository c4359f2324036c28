package io.k3j.apiserver.apiextensions;

import static io.k3j.apiserver.apiextensions.SchemaValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DefaultingTest {

    private static final JsonNode SCHEMA = json("{'type':'object','properties':{'spec':{'type':'object',"
            + "'default':{},'properties':{"
            + "'replicas':{'type':'integer','default':1,'minimum':1},"
            + "'mode':{'type':'string','default':'fast'},"
            + "'opt':{'type':'string','nullable':true,'default':'d'},"
            + "'plain':{'type':'string'},"
            + "'tags':{'type':'array','default':['a'],'items':{'type':'string'}},"
            + "'containers':{'type':'array','items':{'type':'object','default':{'name':'anon'},'properties':{"
            + "'name':{'type':'string'},'pull':{'type':'string','default':'IfNotPresent'}}}},"
            + "'byName':{'type':'object','additionalProperties':{'type':'object','default':{'weight':1},"
            + "'properties':{'weight':{'type':'integer','default':5}}}}}}}}");

    private static ObjectNode defaulted(String object) {
        ObjectNode o = (ObjectNode) json(object);
        Defaulting.apply(o, SCHEMA);
        return o;
    }

    @Test
    void absentPropertiesGetDefaultsAndDefaultsAreDefaulted() {
        assertThat(defaulted("{'kind':'K'}")).isEqualTo(json("{'kind':'K','spec':{'replicas':1,'mode':'fast',"
                + "'opt':'d','tags':['a']}}"));
        assertThat(defaulted("{'spec':{}}")).isEqualTo(json("{'spec':{'replicas':1,'mode':'fast','opt':'d',"
                + "'tags':['a']}}"));
    }

    @Test
    void presentValuesWin() {
        assertThat(defaulted("{'spec':{'replicas':3,'mode':'slow','opt':'x','tags':[]}}")).isEqualTo(
                json("{'spec':{'replicas':3,'mode':'slow','opt':'x','tags':[]}}"));
    }

    @Test
    void nullsAreDefaultedUnlessNullableAndDroppedWithoutDefault() {
        assertThat(defaulted("{'spec':{'replicas':null,'opt':null,'plain':null}}")).isEqualTo(
                json("{'spec':{'replicas':1,'mode':'fast','opt':null,'tags':['a']}}"));
    }

    @Test
    void arrayItemsAndMapValues() {
        assertThat(defaulted("{'spec':{'containers':[{'name':'a'},null,{'pull':'Always'}],"
                + "'byName':{'x':{},'y':null,'z':{'weight':2}}}}").get("spec")).isEqualTo(json(
                "{'containers':[{'name':'a','pull':'IfNotPresent'},{'name':'anon','pull':'IfNotPresent'},"
                        + "{'pull':'Always'}],'byName':{'x':{'weight':5},'y':{'weight':1},'z':{'weight':2}},"
                        + "'replicas':1,'mode':'fast','opt':'d','tags':['a']}"));
    }

    @Test
    void defaultsAreDeepCopies() {
        ObjectNode a = defaulted("{'spec':{}}");
        ((tools.jackson.databind.node.ArrayNode) a.get("spec").get("tags")).add("b");
        assertThat(SCHEMA.get("properties").get("spec").get("properties").get("tags").get("default"))
                .isEqualTo(json("['a']"));
        assertThat(defaulted("{'spec':{}}").get("spec").get("tags")).isEqualTo(json("['a']"));
    }

    @Test
    void defaultedObjectValidates() {
        ObjectNode o = defaulted("{'apiVersion':'x/v1','kind':'K','metadata':{'name':'n'}}");
        assertThat(SchemaValidator.validate(o, SCHEMA)).isEmpty();
        assertThat(StructuralSchema.check(SCHEMA, "spec.versions[0].schema.openAPIV3Schema")).isEmpty();
    }
}
