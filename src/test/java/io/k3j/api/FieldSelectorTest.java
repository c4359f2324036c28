package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.FieldSelector.Operator;
import io.k3j.api.FieldSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

    private static String error(String selector) {
        try {
            FieldSelector.parse(selector);
        } catch (SelectorException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + selector);
    }

    private static boolean matches(String selector, Map<String, String> fields) {
        return FieldSelector.parse(selector).matches(fields::get);
    }

    @Test
    void parsesEachOperator() {
        assertThat(FieldSelector.parse("metadata.name=foo").requirements())
                .containsExactly(new Requirement("metadata.name", Operator.EQUALS, "foo"));
        assertThat(FieldSelector.parse("metadata.name==foo").requirements())
                .containsExactly(new Requirement("metadata.name", Operator.EQUALS, "foo"));
        assertThat(FieldSelector.parse("status.phase!=Running").requirements())
                .containsExactly(new Requirement("status.phase", Operator.NOT_EQUALS, "Running"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "metadata.name=foo                  | metadata.name=foo",
        "metadata.name==foo                 | metadata.name=foo",
        "b=1,a=2                            | a=2,b=1",
        "a!=1,a=1                           | a!=1,a=1",
        "a=1,a!=1                           | a!=1,a=1",
        "'a=b,,c=d,'                        | a=b,c=d",
        "a=                                 | a=",
        "=x                                 | =x",
        "a=!b                               | a=!b",
        "a=x\\,y                            | a=x\\,y",
        "a=\\=\\\\                          | a=\\=\\\\",
        "a=b\\,c,d=e                        | a=b\\,c,d=e",
        "a=\\\\,b=c                         | a=\\\\,b=c",
        "spec.nodeName=,metadata.namespace=default | metadata.namespace=default,spec.nodeName=",
    })
    void parsesToCanonicalString(String selector, String canonical) {
        FieldSelector parsed = FieldSelector.parse(selector);
        assertThat(parsed).hasToString(canonical);
        assertThat(parsed.isEmpty()).isFalse();
        assertThat(FieldSelector.parse(canonical)).isEqualTo(parsed);
    }

    @Test
    void termsAreSortedAsRawStrings() {
        assertThat(FieldSelector.parse("b=2,a!=1,a=0").requirements()).containsExactly(
                new Requirement("a", Operator.NOT_EQUALS, "1"), new Requirement("a", Operator.EQUALS, "0"),
                new Requirement("b", Operator.EQUALS, "2"));
        assertThat(FieldSelector.parse("a=\uFFFD,a=\uD83D\uDE00").requirements()).extracting(Requirement::value)
                .as("UTF-8 byte order, not UTF-16 order").containsExactly("\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void unescapesValues() {
        assertThat(FieldSelector.parse("a=x\\,y").requirements().getFirst().value()).isEqualTo("x,y");
        assertThat(FieldSelector.parse("a=\\=\\\\").requirements().getFirst().value()).isEqualTo("=\\");
        assertThat(FieldSelector.parse("a==\\=").requirements().getFirst().value()).isEqualTo("=");
        assertThat(FieldSelector.parse("a!=\\,").requirements())
                .containsExactly(new Requirement("a", Operator.NOT_EQUALS, ","));
        assertThat(FieldSelector.parse("a=b\\,c,d=e").requirements()).extracting(Requirement::value)
                .containsExactly("b,c", "e");
        assertThat(FieldSelector.parse("a=\\\\,b=c").requirements()).extracting(Requirement::value)
                .containsExactly("\\", "c");
        assertThat(FieldSelector.parse("a=!b").requirements().getFirst().value()).isEqualTo("!b");
    }

    @Test
    void fieldIsTheTextBeforeTheFirstOperator() {
        assertThat(FieldSelector.parse("a\\b=c").requirements())
                .containsExactly(new Requirement("a\\b", Operator.EQUALS, "c"));
        assertThat(FieldSelector.parse("a!b=c").requirements())
                .containsExactly(new Requirement("a!b", Operator.EQUALS, "c"));
        assertThat(FieldSelector.parse("a!!=c").requirements())
                .containsExactly(new Requirement("a!", Operator.NOT_EQUALS, "c"));
    }

    @Test
    void escapeValueRoundTrips() {
        assertThat(FieldSelector.escapeValue("a\\b,c=d!")).isEqualTo("a\\\\b\\,c\\=d!");
        for (String v : List.of("", "plain", "a\\b,c=d", "\\\\,,==", "x\\")) {
            assertThat(FieldSelector.unescapeValue(FieldSelector.escapeValue(v))).isEqualTo(v);
            assertThat(FieldSelector.parse("f=" + FieldSelector.escapeValue(v)).requirements())
                    .containsExactly(new Requirement("f", Operator.EQUALS, v));
        }
        assertThat(new Requirement("f", Operator.NOT_EQUALS, "a,b")).hasToString("f!=a\\,b");
    }

    @Test
    void whitespaceIsSignificant() {
        assertThat(FieldSelector.parse(" a = b ").requirements())
                .containsExactly(new Requirement(" a ", Operator.EQUALS, " b "));
        assertThat(error(" ")).isEqualTo("invalid selector: ' '; can't understand ' '");
    }

    @Test
    void emptyMatchesEverything() {
        for (String s : new String[] {null, "", ",", ",,", "=", "==", "!=", "=,a!="}) {
            FieldSelector parsed = FieldSelector.parse(s);
            if (s != null && s.equals("=,a!=")) {
                assertThat(parsed).hasToString("a!=");
                continue;
            }
            assertThat(parsed.isEmpty()).as(s).isTrue();
            assertThat(parsed).hasToString("").isEqualTo(FieldSelector.everything());
            assertThat(parsed.matches(f -> null)).isTrue();
        }
    }

    @Test
    void matchesEquality() {
        Map<String, String> pod = Map.of("metadata.name", "web-1", "metadata.namespace", "prod", "spec.nodeName", "");
        assertThat(matches("metadata.name=web-1", pod)).isTrue();
        assertThat(matches("metadata.name==web-1", pod)).isTrue();
        assertThat(matches("metadata.name=web-2", pod)).isFalse();
        assertThat(matches("metadata.name!=web-2", pod)).isTrue();
        assertThat(matches("metadata.name!=web-1", pod)).isFalse();
        assertThat(matches("metadata.name=web-1,metadata.namespace=prod", pod)).isTrue();
        assertThat(matches("metadata.name=web-1,metadata.namespace!=prod", pod)).isFalse();
        assertThat(matches("spec.nodeName=", pod)).isTrue();
        assertThat(matches("spec.nodeName!=", pod)).isFalse();
    }

    @Test
    void absentFieldComparesAsEmpty() {
        assertThat(matches("status.phase=", Map.of())).isTrue();
        assertThat(matches("status.phase!=", Map.of())).isFalse();
        assertThat(matches("status.phase=Running", Map.of())).isFalse();
        assertThat(matches("status.phase!=Running", Map.of())).isTrue();
    }

    @Test
    void malformedInput() {
        assertThat(error("abc")).isEqualTo("invalid selector: 'abc'; can't understand 'abc'");
        assertThat(error("a=b,c")).isEqualTo("invalid selector: 'a=b,c'; can't understand 'c'");
        assertThat(error("a=x,y")).isEqualTo("invalid selector: 'a=x,y'; can't understand 'y'");
        assertThat(error("a!b")).isEqualTo("invalid selector: 'a!b'; can't understand 'a!b'");
        assertThat(error("a<1")).isEqualTo("invalid selector: 'a<1'; can't understand 'a<1'");
        assertThat(error("a in (b)")).isEqualTo("invalid selector: 'a in (b)'; can't understand 'a in (b)'");
        assertThat(error("a\\,b")).isEqualTo("invalid selector: 'a\\,b'; can't understand 'a\\,b'");
        assertThat(error("a=b=c")).isEqualTo("invalid field selector: unescaped character in value: 61");
        assertThat(error("a===b")).isEqualTo("invalid field selector: unescaped character in value: 61");
        assertThat(error("a!==b")).isEqualTo("invalid field selector: unescaped character in value: 61");
        assertThat(error("a=\\!")).isEqualTo("invalid field selector: invalid escape sequence: \\!");
        assertThat(error("a=\\n")).isEqualTo("invalid field selector: invalid escape sequence: \\n");
        assertThat(error("a=\\\uD83D\uDE00"))
                .isEqualTo("invalid field selector: invalid escape sequence: \\\uD83D\uDE00");
        assertThat(error("a=b\\")).isEqualTo("invalid field selector: invalid escape sequence: \\");
        assertThatThrownBy(() -> FieldSelector.unescapeValue("a,b")).isInstanceOf(SelectorException.class)
                .hasMessage("invalid field selector: unescaped character in value: 44");
    }

    @Test
    void requirementsAreImmutable() {
        FieldSelector s = FieldSelector.parse("a=b");
        assertThat(s.requirements()).isUnmodifiable();
        assertThatThrownBy(() -> new Requirement(null, Operator.EQUALS, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalsAndHashCode() {
        assertThat(FieldSelector.parse("b=1,a=2")).isEqualTo(FieldSelector.parse("a==2,b=1"))
                .hasSameHashCodeAs(FieldSelector.parse("a=2,b==1"));
        assertThat(FieldSelector.parse("a=1")).isNotEqualTo(FieldSelector.parse("a!=1"));
    }
}
