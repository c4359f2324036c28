package io.k3j.apiserver.apiextensions;

import static io.k3j.apiserver.apiextensions.SchemaValidatorTest.CRONTAB;
import static io.k3j.apiserver.apiextensions.SchemaValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Status.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuralSchemaTest {

    private static final String P = "spec.versions[0].schema.openAPIV3Schema";

    private static List<String> check(String schema) {
        return StructuralSchema.check(json(schema), P).stream().map(c -> c.field() + ": " + c.message()).toList();
    }

    @Test
    void realisticSchemasPass() {
        assertThat(StructuralSchema.check(CRONTAB, P)).isEmpty();
        assertThat(check("{'type':'object','properties':{'metadata':{'type':'object','properties':{'name':"
                + "{'type':'string','maxLength':20}}},'spec':{'type':'object','properties':{"
                + "'port':{'x-kubernetes-int-or-string':true,'anyOf':[{'type':'integer'},{'type':'string'}]},"
                + "'raw':{'type':'object','x-kubernetes-preserve-unknown-fields':true},"
                + "'any':{'x-kubernetes-preserve-unknown-fields':true},"
                + "'labels':{'type':'object','additionalProperties':{'type':'string'}},"
                + "'template':{'type':'object','x-kubernetes-embedded-resource':true,"
                + "'x-kubernetes-preserve-unknown-fields':true},"
                + "'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],"
                + "'items':{'type':'object','required':['name'],'properties':{'name':{'type':'string'}}}},"
                + "'mode':{'type':'string','default':'fast','enum':['fast','slow']}}}}}")).isEmpty();
    }

    @Test
    void typesRequired() {
        List<Cause> causes = StructuralSchema.check(json("{'properties':{'spec':{'properties':{'a':{}}},"
                + "'list':{'type':'array','items':{}}}}"), P);
        assertThat(causes).contains(new Cause("FieldValueRequired",
                "Required value: must not be empty for specified object fields", P + ".properties[spec].type"));
        assertThat(causes.stream().map(c -> c.field() + ": " + c.message())).containsExactly(
                P + ".properties[list].items.type: Required value: must not be empty for specified array items",
                P + ".properties[spec].properties[a].type: Required value: must not be empty for specified object fields",
                P + ".properties[spec].type: Required value: must not be empty for specified object fields",
                P + ".type: Required value: must not be empty at the root");
    }

    @Test
    void rootMustBeObjectAndArraysNeedItems() {
        assertThat(check("{'type':'string'}")).containsExactly(P + ".type: Invalid value: \"string\": must be object at the root");
        assertThat(check("{'type':'object','properties':{'l':{'type':'array'}}}")).containsExactly(
                P + ".properties[l].items: Required value: must be specified");
    }

    @Test
    void unsupportedTypes() {
        List<Cause> causes = StructuralSchema.check(json("{'type':'object','properties':{'a':{'type':'foo'}}}"), P);
        assertThat(causes).containsExactly(new Cause("FieldValueNotSupported", "Unsupported value: \"foo\": supported"
                + " values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"",
                P + ".properties[a].type"));
    }

    @Test
    void junctorsMustOnlyValidate() {
        assertThat(check("{'type':'object','properties':{'a':{'type':'string','allOf':[{'type':'string',"
                + "'description':'d','default':'x','nullable':true,'x-kubernetes-list-type':'set'}],"
                + "'anyOf':[{'additionalProperties':{'type':'string'}}],'not':{'x-kubernetes-preserve-unknown-fields':true}}}}"))
                .containsExactly(
                        P + ".properties[a].allOf[0].default: Forbidden: must be undefined to be structural",
                        P + ".properties[a].allOf[0].description: Forbidden: must be empty to be structural",
                        P + ".properties[a].allOf[0].nullable: Forbidden: must be false to be structural",
                        P + ".properties[a].allOf[0].type: Forbidden: must be empty to be structural",
                        P + ".properties[a].allOf[0].x-kubernetes-list-type: Forbidden: must be undefined to be"
                                + " structural",
                        P + ".properties[a].anyOf[0].additionalProperties: Forbidden: must be undefined to be structural",
                        P + ".properties[a].not.x-kubernetes-preserve-unknown-fields: Forbidden: must be false to be"
                                + " structural",
                        P + ".properties[a].allOf[0].type: Invalid value: \"string\": must be array if"
                                + " x-kubernetes-list-type is specified");
    }

    @Test
    void completenessAtTheRoot() {
        assertThat(check("{'type':'object','properties':{'a':{'type':'string'}},'anyOf':[{'properties':{"
                + "'b':{'pattern':'x'}}},{'required':['a']}]}")).containsExactly(
                P + ".properties[b]: Required value: because it is defined in " + P + ".anyOf[0].properties[b]");
    }

    @Test
    void propertiesAndAdditionalPropertiesExclusive() {
        assertThat(check("{'type':'object','properties':{'m':{'type':'object','properties':{'a':{'type':'string'}},"
                + "'additionalProperties':{'type':'string'}}}}")).containsExactly(
                P + ".properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual"
                        + " exclusive");
        assertThat(check("{'type':'object','additionalProperties':{'type':'string'}}")).containsExactly(
                P + ".additionalProperties: Forbidden: must not be used at the root");
    }

    @Test
    void metadataOnlyNameAndGenerateName() {
        assertThat(check("{'type':'object','properties':{'metadata':{'type':'object','properties':{"
                + "'name':{'type':'string'},'labels':{'type':'object'}}}}}")).containsExactly(
                P + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but"
                        + " metadata is implicitly specified");
        assertThat(check("{'type':'object','properties':{'metadata':{'type':'string'}}}")).containsExactly(
                P + ".properties[metadata].type: Invalid value: \"string\": must be object");
        assertThat(check("{'type':'object','properties':{'metadata':{'type':'object','default':{'name':'x'}}}}"))
                .containsExactly(P + ".properties[metadata].default: Forbidden: must not be set in top-level metadata");
    }

    @Test
    void unsupportedKeywords() {
        assertThat(check("{'type':'object','properties':{'a':{'$ref':'#/definitions/x'}}}")).containsExactly(
                P + ".properties[a].$ref: Forbidden: $ref is not supported");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','items':[{'type':'string'}]}}}"))
                .containsExactly(P + ".properties[a].items: Forbidden: items must be a schema object and not an array");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','uniqueItems':true,'items':"
                + "{'type':'string'}}}}")).containsExactly(P + ".properties[a].uniqueItems: Forbidden: uniqueItems"
                + " cannot be set to true since the runtime complexity becomes quadratic");
        assertThat(check("{'type':'object','nullable':true}")).containsExactly(
                P + ".nullable: Forbidden: nullable cannot be true at the root");
        assertThat(check("{'type':'object','properties':{'a':{'type':'string','x-kubernetes-preserve-unknown-fields':"
                + "false}}}")).containsExactly(P + ".properties[a].x-kubernetes-preserve-unknown-fields: Invalid value:"
                + " false: must be true or undefined");
    }

    @Test
    void listTypes() {
        assertThat(check("{'type':'object','properties':{'a':{'type':'string','x-kubernetes-list-type':'bag'}}}"))
                .containsExactly(
                        P + ".properties[a].type: Invalid value: \"string\": must be array if x-kubernetes-list-type is"
                                + " specified",
                        P + ".properties[a].x-kubernetes-list-type: Unsupported value: \"bag\": supported values:"
                                + " \"atomic\", \"set\", \"map\"");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','x-kubernetes-list-type':'map',"
                + "'x-kubernetes-list-map-keys':['name','missing'],'items':{'type':'object','properties':{"
                + "'name':{'type':'string'}}}}}}")).containsExactly(
                P + ".properties[a].x-kubernetes-list-map-keys: Invalid value: []string{\"name\", \"missing\"}:"
                        + " entries must all be names of item properties",
                P + ".properties[a].items.properties[name].default: Required value: this property is in"
                        + " x-kubernetes-list-map-keys, so it must have a default or be a required property");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','x-kubernetes-list-type':'map',"
                + "'items':{'type':'string'}}}}")).containsExactly(
                P + ".properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if"
                        + " x-kubernetes-list-type is map",
                P + ".properties[a].items.type: Invalid value: \"string\": must be object if parent array's"
                        + " x-kubernetes-list-type is map");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','x-kubernetes-list-map-keys':['k'],"
                + "'items':{'type':'object','properties':{'k':{'type':'string'}}}}}}")).containsExactly(
                P + ".properties[a].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys"
                        + " is non-empty");
        assertThat(check("{'type':'object','properties':{'a':{'type':'array','x-kubernetes-list-type':'map',"
                + "'x-kubernetes-list-map-keys':['k'],'items':{'type':'object','properties':{'k':{'type':'string',"
                + "'default':'x'}}}}}}")).isEmpty();
    }

    @Test
    void defaultsMustValidateAndBePruned() {
        assertThat(check("{'type':'object','properties':{'n':{'type':'integer','minimum':1,'default':0},"
                + "'s':{'type':'string','default':5},"
                + "'o':{'type':'object','properties':{'a':{'type':'string'}},'default':{'a':'x','b':'y'}}}}"))
                .containsExactly(
                        P + ".properties[n].default: Invalid value: 0:  in body should be greater than or equal to 1",
                        P + ".properties[s].default: Invalid value: \"integer\":  in body must be of type string:"
                                + " \"integer\"",
                        P + ".properties[o].default: Invalid value: map[string]interface {}{\"a\":\"x\", \"b\":\"y\"}:"
                                + " must not have unknown fields");
        assertThat(check("{'type':'object','properties':{'o':{'type':'object','properties':{'a':{'type':'integer'}},"
                + "'default':{'a':'x'}}}}")).containsExactly(
                P + ".properties[o].default.a: Invalid value: \"string\": a in body must be of type integer:"
                        + " \"string\"");
    }

    @Test
    void embeddedResourceRules() {
        assertThat(check("{'type':'object','properties':{'e':{'type':'string','x-kubernetes-embedded-resource':true}}}"))
                .containsExactly(
                        P + ".properties[e].properties: Required value: must not be empty if"
                                + " x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
                        P + ".properties[e].type: Invalid value: \"string\": must be object if"
                                + " x-kubernetes-embedded-resource is true");
        assertThat(check("{'type':'object','properties':{'e':{'type':'object','x-kubernetes-embedded-resource':true,"
                + "'properties':{'kind':{'type':'integer'}}}}}")).containsExactly(
                P + ".properties[e].properties[kind].type: Invalid value: \"integer\": must be string");
    }

    @Test
    void badPatternAndConversionErrors() {
        List<String> errs = check("{'type':'object','properties':{'a':{'type':'string','pattern':'('}}}");
        assertThat(errs).hasSize(1);
        assertThat(errs.getFirst()).startsWith(P + ".properties[a].pattern: Invalid value: \"(\": must be a valid"
                + " regular expression, but isn't: ");
        assertThat(check("{'type':'object','$schema':'http://json-schema.org/x'}")).containsExactly(
                P + ": Invalid value: \"\": OpenAPIV3Schema 'schema' is not supported");
        assertThat(StructuralSchema.check(null, P)).containsExactly(
                new Cause("FieldValueRequired", "Required value: schemas are required", P));
    }
}
