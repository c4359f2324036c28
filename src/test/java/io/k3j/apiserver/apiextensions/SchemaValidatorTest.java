package io.k3j.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Status.Cause;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SchemaValidatorTest {

    /** JSON with single quotes for readability. */
    static JsonNode json(String s) {
        return Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    static final JsonNode CRONTAB = json("""
            {'type':'object','properties':{
              'spec':{'type':'object','required':['cronSpec'],'properties':{
                'cronSpec':{'type':'string','pattern':'^(\\\\d+|\\\\*)(/\\\\d+)?(\\\\s+(\\\\d+|\\\\*)(/\\\\d+)?){4}$'},
                'image':{'type':'string','minLength':1,'maxLength':20},
                'replicas':{'type':'integer','minimum':1,'maximum':10},
                'color':{'type':'string','enum':['red','green']},
                'containers':{'type':'array','maxItems':2,'minItems':1,'items':{'type':'object','required':['name'],
                  'properties':{'name':{'type':'string'},'port':{'type':'integer','format':'int32'}}}}}}}}
            """);

    static List<String> messages(JsonNode obj, JsonNode schema) {
        return SchemaValidator.validate(obj, schema).stream().map(c -> c.field() + ": " + c.message()).toList();
    }

    static JsonNode cron(String spec) {
        return json("{'apiVersion':'stable.example.com/v1','kind':'CronTab','metadata':{'name':'x'},'spec':" + spec
                + "}");
    }

    @Test
    void validCronTabHasNoErrors() {
        assertThat(messages(cron("{'cronSpec':'* * * * */5','image':'my-image','replicas':5,'color':'red',"
                + "'containers':[{'name':'a','port':80}]}"), CRONTAB)).isEmpty();
    }

    @Test
    void typeMismatchUsesUpstreamWording() {
        List<Cause> causes = SchemaValidator.validate(cron("{'cronSpec':'* * * * *','replicas':'five'}"), CRONTAB);
        assertThat(causes).containsExactly(new Cause("FieldValueTypeInvalid",
                "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.replicas"));
    }

    @Test
    void integralFloatIsAnInteger() {
        assertThat(messages(cron("{'cronSpec':'* * * * *','replicas':3.0}"), CRONTAB)).isEmpty();
        assertThat(messages(cron("{'cronSpec':'* * * * *','replicas':3.5}"), CRONTAB)).containsExactly(
                "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"");
    }

    @Test
    void requiredPatternAndBounds() {
        assertThat(messages(cron("{'replicas':0}"), CRONTAB)).containsExactly(
                "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1",
                "spec.cronSpec: Required value");
        assertThat(messages(cron("{'cronSpec':'every minute','replicas':11}"), CRONTAB)).containsExactly(
                "spec.cronSpec: Invalid value: \"every minute\": spec.cronSpec in body should match"
                        + " '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
                "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
    }

    @Test
    void requiredReason() {
        List<Cause> causes = SchemaValidator.validate(cron("{}"), CRONTAB);
        assertThat(causes).containsExactly(new Cause("FieldValueRequired", "Required value", "spec.cronSpec"));
    }

    @Test
    void enumLists() {
        List<Cause> causes = SchemaValidator.validate(cron("{'cronSpec':'* * * * *','color':'pink'}"), CRONTAB);
        assertThat(causes).containsExactly(new Cause("FieldValueNotSupported",
                "Unsupported value: \"pink\": supported values: \"red\", \"green\"", "spec.color"));
        JsonNode numbers = json("{'type':'object','properties':{'n':{'type':'integer','enum':[1,2]}}}");
        assertThat(messages(json("{'n':3}"), numbers)).containsExactly(
                "n: Unsupported value: 3: supported values: \"1\", \"2\"");
        assertThat(messages(json("{'n':2}"), numbers)).isEmpty();
    }

    @Test
    void stringLengths() {
        assertThat(SchemaValidator.validate(cron("{'cronSpec':'* * * * *','image':''}"), CRONTAB)).containsExactly(
                new Cause("FieldValueInvalid", "Invalid value: \"\": spec.image in body should be at least 1 chars long",
                        "spec.image"));
        assertThat(SchemaValidator.validate(cron("{'cronSpec':'* * * * *','image':'aaaaaaaaaaaaaaaaaaaaaaaaa'}"),
                CRONTAB)).containsExactly(new Cause("FieldValueTooLong", "Too long: may not be longer than 20",
                        "spec.image"));
    }

    @Test
    void arraysOfObjects() {
        assertThat(messages(cron("{'cronSpec':'* * * * *','containers':[{'port':'x'},{'name':'b'},{'name':'c'}]}"),
                CRONTAB)).containsExactly(
                "spec.containers[0].port: Invalid value: \"string\": spec.containers[0].port in body must be of type"
                        + " integer: \"string\"",
                "spec.containers[0].name: Required value",
                "spec.containers: Too many: 3: must have at most 2 items");
        assertThat(messages(cron("{'cronSpec':'* * * * *','containers':[]}"), CRONTAB)).containsExactly(
                "spec.containers: Invalid value: 0: spec.containers in body should have at least 1 items");
    }

    @Test
    void exclusiveBoundsAndMultipleOf() {
        JsonNode s = json("{'type':'object','properties':{'n':{'type':'number','minimum':0,'exclusiveMinimum':true,"
                + "'maximum':1.5,'exclusiveMaximum':true,'multipleOf':0.5}}}");
        assertThat(messages(json("{'n':0}"), s)).containsExactly("n: Invalid value: 0: n in body should be greater than 0");
        assertThat(messages(json("{'n':1.5}"), s)).containsExactly("n: Invalid value: 1.5: n in body should be less than 1.5");
        assertThat(messages(json("{'n':0.7}"), s)).containsExactly(
                "n: Invalid value: 0.7: n in body should be a multiple of 0.5");
        assertThat(messages(json("{'n':1.0}"), s)).isEmpty();
        // an int64 value is compared with the bound truncated to int64, as upstream does
        assertThat(messages(json("{'n':1}"), s)).containsExactly("n: Invalid value: 1: n in body should be less than 1");
        JsonNode ints = json("{'type':'object','properties':{'n':{'type':'integer','multipleOf':3}}}");
        assertThat(messages(json("{'n':7}"), ints)).containsExactly("n: Invalid value: 7: n in body should be a multiple of 3");
    }

    @Test
    void properties() {
        JsonNode s = json("{'type':'object','properties':{'m':{'type':'object','minProperties':1,'maxProperties':2,"
                + "'additionalProperties':{'type':'string'}}}}");
        assertThat(messages(json("{'m':{}}"), s)).containsExactly("m: Invalid value: 0: m in body should have at least"
                + " 1 properties");
        assertThat(messages(json("{'m':{'a':'1','b':'2','c':'3'}}"), s)).containsExactly(
                "m: Too many: 3: must have at most 2 items");
        assertThat(messages(json("{'m':{'a':'1','b':2}}"), s)).containsExactly(
                "m.b: Invalid value: \"integer\": m.b in body must be of type string: \"integer\"");
        JsonNode closed = json("{'type':'object','properties':{'m':{'type':'object','additionalProperties':false}}}");
        assertThat(messages(json("{'m':{'x':1}}"), closed)).containsExactly(
                "m: Invalid value: \"x\": m.x in body is a forbidden property");
    }

    @Test
    void nullable() {
        JsonNode s = json("{'type':'object','properties':{'a':{'type':'string','nullable':true},'b':{'type':'string'}}}");
        assertThat(messages(json("{'a':null}"), s)).isEmpty();
        assertThat(messages(json("{'b':null}"), s)).containsExactly(
                "b: Invalid value: \"null\": b in body must be of type string: \"null\"");
    }

    @Test
    void intOrString() {
        JsonNode s = json("{'type':'object','properties':{'port':{'x-kubernetes-int-or-string':true,"
                + "'anyOf':[{'type':'integer'},{'type':'string'}]}}}");
        assertThat(messages(json("{'port':80}"), s)).isEmpty();
        assertThat(messages(json("{'port':'http'}"), s)).isEmpty();
        assertThat(messages(json("{'port':true}"), s)).startsWith(
                "port: Invalid value: \"boolean\": port in body must be of type integer,string: \"boolean\"",
                "<nil>: Invalid value: \"\": \"port\" must validate at least one schema (anyOf)",
                "port: Invalid value: \"boolean\": port in body must be of type integer: \"boolean\"");
    }

    @Test
    void junctors() {
        JsonNode s = json("{'type':'object','properties':{'v':{'type':'string',"
                + "'oneOf':[{'pattern':'^a'},{'pattern':'b$'}],'not':{'enum':['forbidden']},"
                + "'allOf':[{'minLength':2}]}}}");
        assertThat(messages(json("{'v':'ax'}"), s)).isEmpty();
        assertThat(messages(json("{'v':'ab'}"), s)).containsExactly(
                "<nil>: Invalid value: \"\": \"v\" must validate one and only one schema (oneOf). Found 2 valid"
                        + " alternatives");
        assertThat(messages(json("{'v':'x'}"), s)).containsExactly(
                "<nil>: Invalid value: \"\": \"v\" must validate one and only one schema (oneOf). Found none valid",
                "v: Invalid value: \"x\": v in body should match '^a'",
                "v: Invalid value: \"x\": v in body should be at least 2 chars long",
                "<nil>: Invalid value: \"\": \"v\" must validate all the schemas (allOf). None validated");
        assertThat(messages(json("{'v':'forbidden'}"), json("{'type':'object','properties':{'v':{'type':'string',"
                + "'not':{'enum':['forbidden']}}}}"))).containsExactly(
                "<nil>: Invalid value: \"\": \"v\" must not validate the schema (not)");
    }

    @Test
    void formats() {
        JsonNode s = json("{'type':'object','properties':{'d':{'type':'string','format':'date'},"
                + "'t':{'type':'string','format':'date-time'},'u':{'type':'string','format':'uuid'},"
                + "'b':{'type':'string','format':'byte'},'i':{'type':'integer','format':'int32'},"
                + "'ip':{'type':'string','format':'ipv4'},'x':{'type':'string','format':'unknown'}}}");
        assertThat(messages(json("{'d':'2024-02-29','t':'2024-01-01T10:00:00Z','u':'123e4567-e89b-12d3-a456-426614174000',"
                + "'b':'aGVsbG8=','i':5,'ip':'10.0.0.1','x':'anything'}"), s)).isEmpty();
        assertThat(messages(json("{'d':'2023-02-29','t':'yesterday','u':'nope','b':'***','ip':'10.0.0.256'}"), s))
                .containsExactly(
                        "d: Invalid value: \"2023-02-29\": d in body must be of type date: \"2023-02-29\"",
                        "t: Invalid value: \"yesterday\": t in body must be of type date-time: \"yesterday\"",
                        "u: Invalid value: \"nope\": u in body must be of type uuid: \"nope\"",
                        "b: Invalid value: \"***\": b in body must be of type byte: \"***\"",
                        "ip: Invalid value: \"10.0.0.256\": ip in body must be of type ipv4: \"10.0.0.256\"");
        assertThat(messages(json("{'i':1.5}"), s)).containsExactly(
                "i: Invalid value: \"float64\": i in body must be of type int32: \"float64\"");
    }

    @Test
    void uniqueItems() {
        JsonNode s = json("{'type':'object','properties':{'l':{'type':'array','uniqueItems':true,'items':{'type':'integer'}}}}");
        assertThat(messages(json("{'l':[1,2,1]}"), s)).containsExactly(
                "l: Invalid value: \"\": l in body shouldn't contain duplicates");
        assertThat(messages(json("{'l':[1,2]}"), s)).isEmpty();
    }

    @Test
    void listTypeSetAndMap() {
        JsonNode s = json("{'type':'object','properties':{'spec':{'type':'object','properties':{"
                + "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}},"
                + "'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],"
                + "'items':{'type':'object','required':['name'],'properties':{'name':{'type':'string'},"
                + "'port':{'type':'integer'}}}},"
                + "'pairs':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['a','b'],"
                + "'items':{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}}}}}}}}");
        assertThat(SchemaValidator.validate(json("{'spec':{'tags':['a','b','a','a'],"
                + "'ports':[{'name':'http','port':80},{'name':'http','port':81}],"
                + "'pairs':[{'a':'x','b':1},{'a':'x','b':2},{'b':1,'a':'x'}]}}"), s)).containsExactly(
                new Cause("FieldValueDuplicate", "Duplicate value: \"a\"", "spec.tags[2]"),
                new Cause("FieldValueDuplicate", "Duplicate value: map[string]interface {}{\"name\":\"http\"}",
                        "spec.ports[1]"),
                new Cause("FieldValueDuplicate", "Duplicate value: map[string]interface {}{\"a\":\"x\", \"b\":1}",
                        "spec.pairs[2]"));
        assertThat(messages(json("{'spec':{'tags':['a','b'],'ports':[{'name':'a'},{'name':'b'}]}}"), s)).isEmpty();
    }

    @Test
    void embeddedResources() {
        JsonNode s = json("{'type':'object','properties':{'template':{'type':'object',"
                + "'x-kubernetes-embedded-resource':true,'x-kubernetes-preserve-unknown-fields':true}}}");
        assertThat(messages(json("{'template':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'}}}"), s))
                .isEmpty();
        assertThat(messages(json("{'template':{'metadata':{'name':'p'}}}"), s)).containsExactly(
                "template.apiVersion: Required value", "template.kind: Required value");
        assertThat(messages(json("{'template':{'apiVersion':'a/b/c','kind':'Pod_1','metadata':{'name':'a/b'}}}"), s))
                .containsExactly(
                        "template.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
                        "template.kind: Invalid value: \"Pod_1\": may have mixed case, but should otherwise match: a"
                                + " DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
                                + " with an alphabetic character, and end with an alphanumeric character (e.g."
                                + " 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                        "template.metadata.name: Invalid value: \"a/b\": may not contain '/'");
    }

    @Test
    void rootMetaFieldsOnlyCheckedAgainstDeclaredSchema() {
        JsonNode s = json("{'type':'object','properties':{'metadata':{'type':'object','properties':{"
                + "'name':{'type':'string','maxLength':5}}},'spec':{'type':'object'}}}");
        assertThat(messages(json("{'apiVersion':'x/v1','kind':'K','metadata':{'name':'abc','labels':{'a':'b'}}}"), s))
                .isEmpty();
        assertThat(messages(json("{'apiVersion':'x/v1','kind':'K','metadata':{'name':'abcdefg'}}"), s))
                .containsExactly("metadata.name: Too long: may not be longer than 5");
    }

    @Test
    void preserveUnknownFieldsAcceptsAnything() {
        JsonNode s = json("{'type':'object','properties':{'spec':{'type':'object',"
                + "'x-kubernetes-preserve-unknown-fields':true,'properties':{'n':{'type':'integer'}}}}}");
        assertThat(messages(json("{'spec':{'anything':{'deep':[1,'two']},'n':1}}"), s)).isEmpty();
        assertThat(messages(json("{'spec':{'n':'one'}}"), s)).hasSize(1);
    }

    @Test
    void goValueFormatting() {
        assertThat(FieldErrors.goFloat(1e6)).isEqualTo("1e+06");
        assertThat(FieldErrors.goFloat(123456.5)).isEqualTo("123456.5");
        assertThat(FieldErrors.goFloat(0.00001)).isEqualTo("1e-05");
        assertThat(FieldErrors.goFloat(-2.5)).isEqualTo("-2.5");
        assertThat(FieldErrors.goJson(json("{'b':[1,2.5,null],'a':'x'}"))).isEqualTo("{\"a\":\"x\",\"b\":[1,2.5,null]}");
        assertThat(FieldErrors.value(json("['a',1]"))).isEqualTo("[]interface {}{\"a\", 1}");
    }
}
