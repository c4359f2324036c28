package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.LabelSelector.Operator;
import io.k3j.api.LabelSelector.Requirement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LabelSelectorTest {

    private static final String QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
            + " for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
            + " or 'my_value',  or '12345', regex used for validation is"
            + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String error(String selector) {
        try {
            LabelSelector.parse(selector);
        } catch (SelectorException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + selector);
    }

    private static String jsonError(String json) {
        try {
            LabelSelector.fromJson(JSON.readTree(json));
        } catch (SelectorException e) {
            return e.getMessage();
        }
        throw new AssertionError("converted: " + json);
    }

    private static LabelSelector json(String json) {
        return LabelSelector.fromJson(JSON.readTree(json));
    }

    private static boolean matches(String selector, Map<String, String> labels) {
        return LabelSelector.parse(selector).matches(labels);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x=a,y=b,z=c                | x=a,y=b,z=c",
        "z=c,x=a,y=b                | x=a,y=b,z=c",
        "x==a                       | x==a",
        "x!=a                       | x!=a",
        "'  x  =  a  ,  y  '        | x=a,y",
        "x in (b,a)                 | x in (a,b)",
        "x in(a)                    | x in (a)",
        "x notin ( b , a , b )      | x notin (a,b)",
        "x in ()                    | x in ()",
        "x in (,a)                  | x in (,a)",
        "x in (a,)                  | x in (,a)",
        "x in (a,,b)                | x in (,a,b)",
        "x in (,)                   | x in ()",
        "x in (in,notin)            | x in (in,notin)",
        "in=notin                   | in=notin",
        "in,notin                   | in,notin",
        "notin in (in)              | notin in (in)",
        "x=                         | x=",
        "x=,y                       | x=,y",
        "!x                         | !x",
        "! x                        | !x",
        "x                          | x",
        "x>5                        | x>5",
        "x<7                        | x<7",
        "x,!y,z notin (a),w         | w,x,!y,z notin (a)",
        "example.com/app=web        | example.com/app=web",
        "a.b-c.d/E.F-g_H=I.j-K_l    | a.b-c.d/E.F-g_H=I.j-K_l",
        "x!=a,x=b                   | x!=a,x=b",
        "x=b,x!=a                   | x=b,x!=a",
    })
    void parsesToCanonicalString(String selector, String canonical) {
        LabelSelector parsed = LabelSelector.parse(selector);
        assertThat(parsed.toString()).isEqualTo(canonical);
        assertThat(parsed.isEmpty()).isFalse();
        assertThat(LabelSelector.parse(canonical)).isEqualTo(parsed);
    }

    @Test
    void whitespaceIsSpaceTabCarriageReturnAndNewline() {
        LabelSelector s = LabelSelector.parse("\tx\n=\ra \t, \n!y\r\n, z\tin\t(\ta\n,\tb\r)\n");
        assertThat(s).hasToString("x=a,!y,z in (a,b)");
    }

    @Test
    void emptyInputMatchesEverything() {
        for (String s : new String[] {null, "", "   ", " \t\r\n"}) {
            LabelSelector parsed = LabelSelector.parse(s);
            assertThat(parsed.isEmpty()).isTrue();
            assertThat(parsed.requirements()).isEmpty();
            assertThat(parsed).hasToString("").isEqualTo(LabelSelector.everything());
            assertThat(parsed.matches(null)).isTrue();
            assertThat(parsed.matches(Map.of("a", "b"))).isTrue();
        }
    }

    @Test
    void nothingMatchesNothingAndIsNotEmpty() {
        LabelSelector nothing = LabelSelector.nothing();
        assertThat(nothing.isEmpty()).isFalse();
        assertThat(nothing.matches(Map.of())).isFalse();
        assertThat(nothing.matches(null)).isFalse();
        assertThat(nothing).hasToString("").isNotEqualTo(LabelSelector.everything());
        assertThat(LabelSelector.everything().matches(Map.of("x", "y"))).isTrue();
    }

    @Test
    void equalityOperators() {
        for (String s : List.of("x=a", "x==a")) {
            assertThat(matches(s, Map.of("x", "a"))).isTrue();
            assertThat(matches(s, Map.of("x", "a", "y", "b"))).isTrue();
            assertThat(matches(s, Map.of("x", "b"))).isFalse();
            assertThat(matches(s, Map.of("y", "a"))).isFalse();
            assertThat(matches(s, null)).isFalse();
        }
        assertThat(matches("x!=a", Map.of("x", "b"))).isTrue();
        assertThat(matches("x!=a", Map.of())).isTrue();
        assertThat(matches("x!=a", null)).isTrue();
        assertThat(matches("x!=a", Map.of("x", "a"))).isFalse();
        assertThat(matches("x=", Map.of("x", ""))).isTrue();
        assertThat(matches("x=", Map.of())).isFalse();
    }

    @Test
    void setOperators() {
        assertThat(matches("x in (a,b)", Map.of("x", "a"))).isTrue();
        assertThat(matches("x in (a,b)", Map.of("x", "b"))).isTrue();
        assertThat(matches("x in (a,b)", Map.of("x", "c"))).isFalse();
        assertThat(matches("x in (a,b)", Map.of())).isFalse();
        assertThat(matches("x in ()", Map.of("x", ""))).isTrue();
        assertThat(matches("x in (,a)", Map.of("x", ""))).isTrue();
        assertThat(matches("x notin (a,b)", Map.of("x", "c"))).isTrue();
        assertThat(matches("x notin (a,b)", Map.of())).isTrue();
        assertThat(matches("x notin (a,b)", Map.of("x", "a"))).isFalse();
        assertThat(matches("x notin ()", Map.of("x", ""))).isFalse();
        assertThat(matches("x notin ()", Map.of("x", "a"))).isTrue();
    }

    @Test
    void existenceOperators() {
        assertThat(matches("x", Map.of("x", ""))).isTrue();
        assertThat(matches("x", Map.of("y", "a"))).isFalse();
        assertThat(matches("!x", Map.of("y", "a"))).isTrue();
        assertThat(matches("!x", Map.of("x", ""))).isFalse();
        assertThat(matches("!x", null)).isTrue();
    }

    @Test
    void numericOperators() {
        assertThat(matches("x>5", Map.of("x", "6"))).isTrue();
        assertThat(matches("x>5", Map.of("x", "5"))).isFalse();
        assertThat(matches("x>5", Map.of("x", "-7"))).isFalse();
        assertThat(matches("x>5", Map.of("x", "+10"))).isTrue();
        assertThat(matches("x>5", Map.of("x", "abc"))).isFalse();
        assertThat(matches("x>5", Map.of("x", ""))).isFalse();
        assertThat(matches("x>5", Map.of("x", "1e3"))).isFalse();
        assertThat(matches("x>5", Map.of("x", "\u0669"))).as("non-ASCII digit").isFalse();
        assertThat(matches("x>5", Map.of())).isFalse();
        assertThat(matches("x<5", Map.of("x", "4"))).isTrue();
        assertThat(matches("x<5", Map.of("x", "-99"))).isTrue();
        assertThat(matches("x<5", Map.of("x", "5"))).isFalse();
        assertThat(matches("x<5", Map.of())).isFalse();
        assertThat(matches("x>9223372036854775806", Map.of("x", "9223372036854775807"))).isTrue();
        assertThat(matches("x<0", Map.of("x", "-9223372036854775809"))).as("overflow").isFalse();
        assertThat(matches("x>0", Map.of("x", "9223372036854775808"))).as("overflow").isFalse();
    }

    @Test
    void requirementsAreAndedAndSortedByKey() {
        LabelSelector s = LabelSelector.parse("tier!=frontend,env in (prod,staging),!canary,app");
        assertThat(s).hasToString("app,!canary,env in (prod,staging),tier!=frontend");
        assertThat(s.requirements()).extracting(Requirement::key).containsExactly("app", "canary", "env", "tier");
        assertThat(s.requirements()).extracting(Requirement::operator).containsExactly(Operator.EXISTS,
                Operator.DOES_NOT_EXIST, Operator.IN, Operator.NOT_EQUALS);
        assertThat(s.requirements().get(2).values()).containsExactly("prod", "staging");
        Map<String, String> labels = new HashMap<>(Map.of("app", "web", "env", "prod", "tier", "backend"));
        assertThat(s.matches(labels)).isTrue();
        labels.put("canary", "true");
        assertThat(s.matches(labels)).isFalse();
        labels.remove("canary");
        labels.put("tier", "frontend");
        assertThat(s.matches(labels)).isFalse();
        labels.put("tier", "backend");
        labels.remove("app");
        assertThat(s.matches(labels)).isFalse();
        assertThat(s.requirements()).isUnmodifiable();
    }

    @Test
    void parsesEveryOperatorToTheRightRequirement() {
        assertThat(LabelSelector.parse("a=1,b==2,c!=3,d in (4),e notin (5),f>6,g<7,h,!i").requirements())
                .extracting(Requirement::operator)
                .containsExactly(Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS, Operator.IN,
                        Operator.NOT_IN, Operator.GREATER_THAN, Operator.LESS_THAN, Operator.EXISTS,
                        Operator.DOES_NOT_EXIST);
    }

    @Test
    void syntaxErrors() {
        assertThat(error("x in (a")).isEqualTo("unable to parse requirement: found '', expected: ',' or ')'");
        assertThat(error("x in (a b)")).isEqualTo("unable to parse requirement: found 'b', expected: ',' or ')'");
        assertThat(error("x in a")).isEqualTo("unable to parse requirement: found 'a' expected: '('");
        assertThat(error("x notin")).isEqualTo("unable to parse requirement: found '' expected: '('");
        assertThat(error("x in (")).isEqualTo(
                "unable to parse requirement: found '', expected: ',', ')' or identifier");
        assertThat(error("x in (=)")).isEqualTo(
                "unable to parse requirement: found '=', expected: ',', ')' or identifier");
        assertThat(error("x in (a,=)")).isEqualTo(
                "unable to parse requirement: found '=', expected: ',', or identifier");
        assertThat(error("x in (a,,)")).isEqualTo(
                "unable to parse requirement: found ')', expected: ',', or identifier");
        assertThat(error("x in (a,")).isEqualTo("unable to parse requirement: found '', expected: ',', or identifier");
        assertThat(error("x y")).isEqualTo(
                "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt");
        assertThat(error("x (a)")).isEqualTo(
                "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
        assertThat(error("!")).isEqualTo("unable to parse requirement: found '', expected: identifier");
        assertThat(error("!!x")).isEqualTo("unable to parse requirement: found '!', expected: identifier");
        assertThat(error("x===a")).isEqualTo("unable to parse requirement: found '=', expected: identifier");
        assertThat(error("x<=5")).isEqualTo("unable to parse requirement: found '=', expected: identifier");
        assertThat(error("x=(a)")).isEqualTo("unable to parse requirement: found '(', expected: identifier");
        assertThat(error("x=a y")).isEqualTo("found 'y', expected: ',' or 'end of string'");
        assertThat(error("x=a=b")).isEqualTo("found '=', expected: ',' or 'end of string'");
        assertThat(error("!x=a")).isEqualTo("found '=', expected: ',' or 'end of string'");
        assertThat(error("x in (a) b")).isEqualTo("found 'b', expected: ',' or 'end of string'");
        assertThat(error("x=a,")).isEqualTo("found '', expected: identifier after ','");
        assertThat(error("x=a,,y")).isEqualTo("found ',', expected: identifier after ','");
        assertThat(error("x,=a")).isEqualTo("found '=', expected: identifier after ','");
        assertThat(error(",x")).isEqualTo("found ',', expected: !, identifier, or 'end of string'");
        assertThat(error("=a")).isEqualTo("found '=', expected: !, identifier, or 'end of string'");
        assertThat(error("(x)")).isEqualTo("found '(', expected: !, identifier, or 'end of string'");
        assertThat(error("x=a||y=b")).startsWith("unable to parse requirement: values[0][x]: Invalid value: \"a||y\"");
    }

    @Test
    void invalidKeys() {
        assertThat(error("-x=a")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"-x\": name part "
                + QNAME_ERR);
        assertThat(error("x/y/z")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"x/y/z\": a qualified"
                + " name " + QNAME_ERR + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        assertThat(error("/x")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must"
                + " be non-empty");
        assertThat(error("x/")).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"x/\": name part must"
                + " be non-empty; name part " + QNAME_ERR);
        assertThat(error("Example.com/x")).isEqualTo("unable to parse requirement: <nil>: Invalid value:"
                + " \"Example.com/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case"
                + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
                + " 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        String longName = "k".repeat(64);
        assertThat(error(longName)).isEqualTo("unable to parse requirement: <nil>: Invalid value: \"" + longName
                + "\": name part must be no more than 63 characters");
        assertThat(error("a".repeat(254) + "/x")).contains("prefix part must be no more than 253 characters");
        assertThat(error("x\"y")).contains("<nil>: Invalid value: \"x\\\"y\": name part");
        assertThat(LabelSelector.parse("k".repeat(63) + "=v")).isNotNull();
        assertThat(LabelSelector.parse("a".repeat(253) + "/x")).isNotNull();
    }

    @Test
    void invalidValues() {
        assertThat(error("x=-a")).isEqualTo("unable to parse requirement: values[0][x]: Invalid value: \"-a\": "
                + VALUE_ERR);
        assertThat(error("x in (a,b$)")).isEqualTo("unable to parse requirement: values[1][x]: Invalid value:"
                + " \"b$\": " + VALUE_ERR);
        String longValue = "v".repeat(64);
        assertThat(error("x=" + longValue)).isEqualTo("unable to parse requirement: values[0][x]: Invalid value: \""
                + longValue + "\": must be no more than 63 characters");
        assertThat(LabelSelector.parse("x=" + "v".repeat(63))).isNotNull();
        assertThat(error("x>a")).isEqualTo("unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt',"
                + " 'Lt' operators, the value must be an integer");
        assertThat(error("x>")).isEqualTo("unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt',"
                + " 'Lt' operators, the value must be an integer");
        assertThat(error("x<1.5")).contains("the value must be an integer");
        assertThat(error("x>99999999999999999999")).contains("the value must be an integer");
        assertThat(error("x>-1")).isEqualTo("unable to parse requirement: values[0][x]: Invalid value: \"-1\": "
                + VALUE_ERR);
    }

    @Test
    void nulCharacterEndsTheInputWhereATokenShouldStart() {
        assertThat(LabelSelector.parse("x=a \u0000 anything ,!")).hasToString("x=a");
        assertThat(LabelSelector.parse("x\u0000,y")).hasToString("x,y");
        assertThat(error("x=a\u0000y")).isEqualTo("found 'y', expected: ',' or 'end of string'");
    }

    @Test
    void requirementConstructorValidatesLikeNewRequirement() {
        Requirement r = new Requirement("app", Operator.IN, List.of("b", "a"));
        assertThat(r.values()).containsExactly("b", "a").isUnmodifiable();
        assertThat(r).hasToString("app in (a,b)");
        assertThat(new Requirement("app", Operator.EXISTS, null).values()).isEmpty();
        assertThatThrownBy(() -> new Requirement("a b", Operator.IN, List.of()))
                .isInstanceOf(SelectorException.class)
                .hasMessage("[key: Invalid value: \"a b\": name part " + QNAME_ERR + ", values: Invalid value: null:"
                        + " for 'in', 'notin' operators, values set can't be empty]");
        assertThatThrownBy(() -> new Requirement("a", Operator.EQUALS, List.of("b", "c")))
                .hasMessage("values: Invalid value: [\"b\",\"c\"]: exact-match compatibility requires one single"
                        + " value");
        assertThatThrownBy(() -> new Requirement("a", Operator.GREATER_THAN, List.of("1", "x")))
                .hasMessage("[values: Invalid value: [\"1\",\"x\"]: for 'Gt', 'Lt' operators, exactly one value is"
                        + " required, values[1]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an"
                        + " integer]");
        assertThatThrownBy(() -> new Requirement("a", Operator.NOT_IN, List.of("<&>")))
                .hasMessage("values[0][a]: Invalid value: \"<&>\": " + VALUE_ERR);
        assertThatThrownBy(() -> new Requirement("a", Operator.DOES_NOT_EXIST, List.of("<b>")))
                .hasMessage("[values: Invalid value: [\"\\u003cb\\u003e\"]: values set must be empty for exists and"
                        + " does not exist, values[0][a]: Invalid value: \"<b>\": " + VALUE_ERR + "]");
        assertThat(LabelSelector.of(List.of(new Requirement("b", Operator.EXISTS, List.of()), r)))
                .hasToString("app in (a,b),b");
        assertThat(LabelSelector.of(List.of())).isEqualTo(LabelSelector.everything());
    }

    @Test
    void jsonNullOrMissingMatchesNothing() {
        assertThat(LabelSelector.fromJson(null)).isEqualTo(LabelSelector.nothing());
        assertThat(json("null")).isEqualTo(LabelSelector.nothing());
        assertThat(LabelSelector.fromJson(JSON.readTree("{}").path("selector"))).isEqualTo(LabelSelector.nothing());
        assertThat(json("null").matches(Map.of())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"matchLabels\":{}}", "{\"matchLabels\":null,\"matchExpressions\":null}",
        "{\"matchExpressions\":[]}", "{\"other\":1}"})
    void jsonWithoutRequirementsMatchesEverything(String json) {
        LabelSelector s = json(json);
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.matches(Map.of())).isTrue();
        assertThat(s).isEqualTo(LabelSelector.everything());
    }

    @Test
    void jsonMatchLabelsAndExpressions() {
        LabelSelector s = json("""
                {"matchLabels": {"tier": "web", "app": "shop"},
                 "matchExpressions": [
                   {"key": "env", "operator": "In", "values": ["prod", "dev"]},
                   {"key": "zone", "operator": "NotIn", "values": ["b"]},
                   {"key": "canary", "operator": "DoesNotExist"},
                   {"key": "app", "operator": "Exists", "values": []}]}""");
        assertThat(s).hasToString("app=shop,app,!canary,env in (dev,prod),tier=web,zone notin (b)");
        assertThat(s.requirements().get(3).values()).containsExactly("prod", "dev");
        assertThat(s.matches(Map.of("app", "shop", "tier", "web", "env", "dev"))).isTrue();
        assertThat(s.matches(Map.of("app", "shop", "tier", "web", "env", "dev", "zone", "b"))).isFalse();
        assertThat(s.matches(Map.of("app", "shop", "tier", "web", "env", "qa"))).isFalse();
        assertThat(s.matches(Map.of("app", "shop", "tier", "web", "env", "dev", "canary", ""))).isFalse();
        assertThat(s.matches(Map.of("app", "shop", "env", "dev"))).isFalse();
        assertThat(json("{\"matchLabels\":{\"a\":\"\"}}").matches(Map.of("a", ""))).isTrue();
    }

    @Test
    void jsonErrors() {
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}"))
                .isEqualTo("\"Gt\" is not a valid label selector operator");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\"}]}"))
                .isEqualTo("\"\" is not a valid label selector operator");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}"))
                .isEqualTo("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"NotIn\",\"values\":[]}]}"))
                .isEqualTo("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}"))
                .isEqualTo("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
        assertThat(jsonError("{\"matchExpressions\":[{\"operator\":\"Exists\"}]}"))
                .isEqualTo("key: Invalid value: \"\": name part must be non-empty; name part " + QNAME_ERR);
        assertThat(jsonError("{\"matchLabels\":{\"a\":\"b c\"}}"))
                .isEqualTo("values[0][a]: Invalid value: \"b c\": " + VALUE_ERR);
        assertThat(jsonError("{\"matchLabels\":{\"a/b/c\":\"d\"}}")).startsWith("key: Invalid value: \"a/b/c\"");
        assertThat(jsonError("[]")).isEqualTo("invalid label selector: selector must be an object");
        assertThat(jsonError("{\"matchLabels\":[]}")).isEqualTo("invalid label selector: matchLabels must be an"
                + " object");
        assertThat(jsonError("{\"matchLabels\":{\"a\":1}}")).isEqualTo("invalid label selector: matchLabels[a] must"
                + " be a string");
        assertThat(jsonError("{\"matchExpressions\":{}}")).isEqualTo("invalid label selector: matchExpressions must"
                + " be an array");
        assertThat(jsonError("{\"matchExpressions\":[\"a\"]}")).isEqualTo("invalid label selector:"
                + " matchExpressions[0] must be an object");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":\"b\"}]}"))
                .isEqualTo("invalid label selector: matchExpressions[0].values must be an array");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[1]}]}"))
                .isEqualTo("invalid label selector: matchExpressions[0].values[0] must be a string");
        assertThat(jsonError("{\"matchExpressions\":[{\"key\":1,\"operator\":\"Exists\"}]}"))
                .isEqualTo("invalid label selector: matchExpressions[0].key must be a string");
        JsonNode text = JSON.readTree("\"app=web\"");
        assertThatThrownBy(() -> LabelSelector.fromJson(text)).isInstanceOf(SelectorException.class);
    }

    @Test
    void equalsAndHashCode() {
        assertThat(LabelSelector.parse("b,a=1")).isEqualTo(LabelSelector.parse(" a = 1 , b "))
                .hasSameHashCodeAs(LabelSelector.parse("a=1,b"));
        assertThat(LabelSelector.parse("a=1")).isNotEqualTo(LabelSelector.parse("a==1"));
        assertThat(json("{\"matchLabels\":{\"a\":\"1\"}}")).isEqualTo(LabelSelector.parse("a=1"));
    }
}
