package io.k3j.apiserver.apiextensions;

import static io.k3j.apiserver.apiextensions.SchemaValidatorTest.CRONTAB;
import static io.k3j.apiserver.apiextensions.SchemaValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PruningTest {

    private static JsonNode pruned(String object, JsonNode schema) {
        ObjectNode o = (ObjectNode) json(object);
        Pruning.prune(o, schema);
        return o;
    }

    @Test
    void unknownFieldsGoMetaFieldsStay() {
        assertThat(pruned("{'apiVersion':'v1','kind':'CronTab','metadata':{'name':'x','anything':1},'extra':1,"
                + "'spec':{'cronSpec':'* * * * *','bogus':true,'containers':[{'name':'a','junk':1}]}}", CRONTAB))
                .isEqualTo(json("{'apiVersion':'v1','kind':'CronTab','metadata':{'name':'x','anything':1},"
                        + "'spec':{'cronSpec':'* * * * *','containers':[{'name':'a'}]}}"));
    }

    @Test
    void objectWithoutPropertiesLosesEverything() {
        JsonNode s = json("{'type':'object','properties':{'o':{'type':'object'},'l':{'type':'array','items':"
                + "{'type':'object'}}}}");
        assertThat(pruned("{'o':{'a':1},'l':[{'b':2},3]}", s)).isEqualTo(json("{'o':{},'l':[{},3]}"));
    }

    @Test
    void preserveUnknownFieldsKeepsButPrunesSpecified() {
        JsonNode s = json("{'type':'object','properties':{'spec':{'type':'object','x-kubernetes-preserve-unknown-fields':"
                + "true,'properties':{'known':{'type':'object','properties':{'a':{'type':'string'}}}}},"
                + "'list':{'type':'array','x-kubernetes-preserve-unknown-fields':true,'items':{'type':'object',"
                + "'properties':{'k':{'type':'object','properties':{}}}}}}}");
        assertThat(pruned("{'spec':{'free':{'x':[1,{'y':2}]},'known':{'a':'1','b':'2'}},"
                + "'list':[{'other':1,'k':{'z':1}}]}", s)).isEqualTo(json("{'spec':{'free':{'x':[1,{'y':2}]},"
                + "'known':{'a':'1'}},'list':[{'other':1,'k':{}}]}"));
    }

    @Test
    void rootPreserveUnknownFields() {
        JsonNode s = json("{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{"
                + "'spec':{'type':'object','properties':{'a':{'type':'string'}}}}}");
        assertThat(pruned("{'kind':'K','x':1,'spec':{'a':'1','b':2}}", s)).isEqualTo(json("{'kind':'K','x':1,"
                + "'spec':{'a':'1'}}"));
    }

    @Test
    void additionalPropertiesApplyToEveryValue() {
        JsonNode s = json("{'type':'object','properties':{'m':{'type':'object','additionalProperties':{'type':'object',"
                + "'properties':{'keep':{'type':'string'}}}},'anything':{'type':'object','additionalProperties':true}}}");
        assertThat(pruned("{'m':{'a':{'keep':'1','drop':2},'b':{'drop':3}},'anything':{'k':'v','o':{'nested':1}}}", s))
                .isEqualTo(json("{'m':{'a':{'keep':'1'},'b':{}},'anything':{'k':'v','o':{}}}"));
    }

    @Test
    void embeddedResourcesKeepTheirMetaFields() {
        JsonNode s = json("{'type':'object','properties':{'template':{'type':'object','x-kubernetes-embedded-resource':"
                + "true,'properties':{'spec':{'type':'object','properties':{'x':{'type':'string'}}}}}}}");
        assertThat(pruned("{'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'status':{},"
                + "'spec':{'x':'1','y':2}}}", s)).isEqualTo(json("{'template':{'apiVersion':'v1','kind':'Pod',"
                + "'metadata':{'name':'p'},'spec':{'x':'1'}}}"));
    }

    @Test
    void junctorsDoNotSpecifyFields() {
        JsonNode s = json("{'type':'object','properties':{'a':{'type':'string'}},'anyOf':[{'properties':{"
                + "'b':{}}}]}");
        assertThat(pruned("{'a':'1','b':'2'}", s)).isEqualTo(json("{'a':'1'}"));
    }

    @Test
    void nullSchemaKeepsOnlyMetaFields() {
        assertThat(pruned("{'apiVersion':'v1','kind':'K','metadata':{},'spec':{}}", null))
                .isEqualTo(json("{'apiVersion':'v1','kind':'K','metadata':{}}"));
    }
}
