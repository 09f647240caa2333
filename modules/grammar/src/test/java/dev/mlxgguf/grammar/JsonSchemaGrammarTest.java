package dev.mlxgguf.grammar;

import dev.mlxgguf.json.Jsonp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemaGrammarTest {

    private static Grammar compile(String schema) {
        return JsonSchemaGrammar.compile(Jsonp.parse(schema));
    }

    private static String refusedAt(String schema) {
        return assertThrows(GrammarException.class, () -> compile(schema)).where();
    }

    @Test
    void unsupportedKeywordsAreRefusedWithTheirPointer() {
        assertEquals("/properties/a/contentEncoding",
                refusedAt("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"contentEncoding\":\"base64\"}}}"));
        assertEquals("/uniqueItems", refusedAt("{\"type\":\"array\",\"uniqueItems\":true}"));
        assertEquals("/properties/a~1b/not", refusedAt("{\"properties\":{\"a/b\":{\"not\":{}}}}"));
        assertEquals("/$ref", refusedAt("{\"$ref\":\"https://example.com/s.json\"}"));
        assertEquals("/format", refusedAt("{\"type\":\"string\",\"format\":\"hostname\"}"));
        assertEquals("/pattern", refusedAt("{\"type\":\"string\",\"pattern\":\"(?=a)b\"}"));
        assertEquals("/oneOf/1", refusedAt("{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}"));
        assertEquals("/multipleOf", refusedAt("{\"type\":\"number\",\"multipleOf\":0.5}"));
        assertEquals("/properties/x/items", refusedAt("{\"properties\":{\"x\":{\"type\":\"array\",\"items\":[{}]}}}"));
        assertThrows(GrammarException.class, () -> compile("false"));
        assertThrows(GrammarException.class, () -> compile("{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}"));
    }

    @Test
    void objectsFollowSchemaOrderAndRequiredness() {
        Grammar g = compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"b\"],\"additionalProperties\":false}");
        assertTrue(Texts.matches(g, "{\"a\":1,\"b\":true}"));
        assertTrue(Texts.matches(g, "{\"b\":false}"));
        assertTrue(Texts.matches(g, "{ \"a\" : -7 , \"b\" : true }"));
        assertFalse(Texts.matches(g, "{\"a\":1}"));
        assertFalse(Texts.matches(g, "{\"b\":true,\"a\":1}"));
        assertFalse(Texts.matches(g, "{\"b\":true,\"c\":1}"));
        Grammar open = compile("{\"properties\":{\"a\":{\"const\":1}},\"additionalProperties\":{\"type\":\"null\"}}");
        assertTrue(Texts.matches(open, "{\"a\":1,\"ab\":null,\"\":null}"));
        assertFalse(Texts.matches(open, "{\"a\":1,\"a\":null}"));
    }

    @Test
    void recursiveReferencesAndCombinators() {
        Grammar tree = compile("{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"array\","
                + "\"items\":{\"$ref\":\"#/$defs/n\"}}},\"required\":[\"k\"],\"additionalProperties\":false}},"
                + "\"$ref\":\"#/$defs/n\"}");
        assertTrue(Texts.matches(tree, "{\"k\":[{\"k\":[]},{\"k\":[{\"k\":[]}]}]}"));
        assertFalse(Texts.matches(tree, "{\"k\":[{}]}"));
        Grammar all = compile("{\"allOf\":[{\"type\":\"integer\",\"minimum\":3},{\"maximum\":5}]}");
        assertTrue(Texts.matches(all, "4"));
        assertFalse(Texts.matches(all, "6"));
        assertFalse(Texts.matches(all, "2"));
        Grammar any = compile("{\"anyOf\":[{\"type\":\"string\",\"maxLength\":1},{\"type\":\"null\"}]}");
        assertTrue(Texts.matches(any, "\"é\""));
        assertTrue(Texts.matches(any, "\"\\u00e9\""));
        assertFalse(Texts.matches(any, "\"\\ud800\""));
        assertFalse(Texts.matches(any, "\"ab\""));
        assertTrue(Texts.matches(any, "null"));
    }

    @Test
    void numbersStayInsideTheirBoundsWithoutExponents() {
        Grammar g = compile("{\"type\":\"number\",\"minimum\":0,\"maximum\":543}");
        assertTrue(Texts.matches(g, "543"));
        assertTrue(Texts.matches(g, "542.999"));
        assertFalse(Texts.matches(g, "543.0001"));
        assertFalse(Texts.matches(g, "6E3"));
        assertFalse(Texts.matches(g, "-1"));
        Grammar m = compile("{\"type\":\"integer\",\"multipleOf\":7}");
        assertTrue(Texts.matches(m, "49"));
        assertTrue(Texts.matches(m, "-14"));
        assertFalse(Texts.matches(m, "50"));
    }

    @Test
    void jsonObjectModeIsAnyObject() {
        Grammar g = JsonSchemaGrammar.anyObject();
        assertTrue(Texts.matches(g, "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}"));
        assertFalse(Texts.matches(g, "[1]"));
        assertFalse(Texts.matches(g, "\"x\""));
    }
}
