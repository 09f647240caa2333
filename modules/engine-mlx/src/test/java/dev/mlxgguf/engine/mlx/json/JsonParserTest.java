package dev.mlxgguf.engine.mlx.json;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strict JSON reader. */
class JsonParserTest {

    @Test
    void parsesValuesWithTypedAccess() {
        JsonObject o = JsonParser.parseObject("{\"a\": 1, \"b\": -2.5e3, \"c\": \"x\\u00e9\\n\", \"d\": [true, null], "
                + "\"e\": {}, \"f\": 12345678901234567890}");
        assertThat(o.requireInt("a"), is(1));
        assertThat(o.number("b").orElseThrow(), is(-2500.0));
        assertThat(o.requireString("c"), is("xé\n"));
        assertThat(o.requireArray("d").get(0), is(Boolean.TRUE));
        assertThat(o.requireArray("d").get(1), is(nullValue()));
        assertThat(o.requireObject("e").keys().isEmpty(), is(true));
        assertThat(o.number("f").orElseThrow() > 1e19, is(true));
        assertThat(List.copyOf(o.keys()), is(List.of("a", "b", "c", "d", "e", "f")));
    }

    @Test
    void refusesDuplicatesTrailingDataDeepNestingAndBadInput() {
        assertThat(assertThrows(JsonException.class, () -> JsonParser.parse("{\"a\": 1, \"a\": 2}")).getMessage(),
                containsString("duplicate key"));
        assertThrows(JsonException.class, () -> JsonParser.parse("{} x"));
        assertThrows(JsonException.class, () -> JsonParser.parse("[".repeat(300) + "]".repeat(300)));
        assertThrows(JsonException.class, () -> JsonParser.parse("{\"a\": 01}"));
        assertThrows(JsonException.class, () -> JsonParser.parse("{\"a\": \"\\x\"}"));
        assertThrows(JsonException.class, () -> JsonParser.parse("{\"a\": \"tab\there\"}"));
        assertThrows(JsonException.class, () -> JsonParser.parse("{\"a\": tru}"));
        assertThrows(JsonException.class, () -> JsonParser.parse(""));
    }

    @Test
    void typedAccessorsNameTheKeyOnMismatch() {
        JsonObject o = JsonParser.parseObject("{\"n\": \"x\", \"big\": 9999999999}");
        assertThat(assertThrows(JsonException.class, () -> o.requireInt("n")).getMessage(), containsString("\"n\""));
        assertThrows(JsonException.class, () -> o.requireInt("big"));
        assertThrows(JsonException.class, () -> o.requireInt("missing"));
    }
}
