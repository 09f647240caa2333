package dev.mlxgguf.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonpTest {

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() {
        JsonException top = assertThrows(JsonException.class, () -> Jsonp.parse("{\"a\": 1, \"a\": 2}"));
        assertThat(top.getMessage(), containsString("a"));
        assertThrows(JsonException.class, () -> Jsonp.parse("{\"x\": [{\"b\": 1, \"b\": 1}]}"));
        assertThat(Jsonp.parseObject("{\"a\": 1, \"b\": {\"a\": 2}}").getJsonObject("b").getInt("a"), is(2));
    }

    @Test
    void malformedJsonCarriesItsPosition() {
        JsonParsingException e = assertThrows(JsonParsingException.class, () -> Jsonp.parse("{\n  \"a\": tru }"));
        assertThat(e.getLocation().getLineNumber(), is(2L));
        assertThrows(JsonException.class, () -> Jsonp.parseObject("[1]"));
    }

    @Test
    void textAfterTheValueIsMalformed() {
        for (String text : new String[] {"{\"a\": 1} garbage", "[1] [2]", "5 6", "{\"a\": 1}; {\"b\": 2}"}) {
            assertThrows(JsonParsingException.class, () -> Jsonp.parse(text), text);
            assertThrows(JsonParsingException.class, () -> Jsonp.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), text);
        }
        assertThat(Jsonp.parse(" {\"a\": [1, {}]} \n").toString(), is("{\"a\":[1,{}]}"));
    }

    @Test
    void aNumberNoJavaNumberCanHoldIsMalformed() {
        JsonException e = assertThrows(JsonException.class, () -> Jsonp.parse("{\"t\": [1, 9.9e99999999999]}"));
        assertThat(e.getMessage(), containsString("number out of range"));
        assertThrows(JsonException.class, () -> Jsonp.parse("-1E-99999999999".getBytes(StandardCharsets.UTF_8)));
        assertThat(Jsonp.parseObject("{\"big\": 1e999}").getJsonNumber("big").doubleValue(), is(Double.POSITIVE_INFINITY));
    }

    @Test
    void writesCompactUtf8AndQuotesStrings() {
        JsonObject o = Jsonp.object().add("t", "é\n\"").add("n", 3).build();
        assertThat(Jsonp.write(o), is("{\"t\":\"é\\n\\\"\",\"n\":3}"));
        assertThat(new String(Jsonp.writeBytes(o), StandardCharsets.UTF_8), is(Jsonp.write(o)));
        assertThat(Jsonp.quote("a\u0001b"), is("\"a\\u0001b\""));
        assertThat(Jsonp.parse(Jsonp.writeBytes(o)), is(o));
        assertThat(Jsonp.object(o).add("m", true).build().size(), is(3));
    }

    @Test
    void treesRoundTripWithKeyOrderAndNumberKinds() {
        Object tree = JsonTrees.toJdk(Jsonp.parse("{\"z\": 1, \"a\": [1.5, null, true, \"s\"], \"big\": 1e400}"));
        assertThat(tree, is(Map.of("z", 1L, "a", java.util.Arrays.asList(1.5, null, true, "s"), "big", Double.POSITIVE_INFINITY)));
        assertThat(List.copyOf(((Map<?, ?>) tree).keySet()), is(List.of("z", "a", "big")));
        assertThat(Jsonp.write(JsonTrees.toJson(Map.of("k", List.of(1L, "v")))), is("{\"k\":[1,\"v\"]}"));
    }
}
