package dev.mlxgguf.grammar;

import dev.mlxgguf.testkit.schema.GbnfSamples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GbnfTest {

    static String sample(String name) {
        return GbnfSamples.text(name);
    }

    @Test
    void jsonSampleAcceptsObjectsAndRejectsTheRest() {
        Grammar g = Gbnf.parse(sample("json.gbnf"));
        assertTrue(Texts.matches(g, "{\"a\": [1, 2.5, -3e4, \"x\\n\", true, null, {}]}"));
        assertTrue(Texts.matches(g, "{}"));
        assertFalse(Texts.matches(g, "[1]"));
        assertFalse(Texts.matches(g, "{\"a\" 1}"));
        assertTrue(Texts.prefix(g, "{\"a\": [1, "));
        assertFalse(Texts.prefix(g, "{\"a\": ]"));
    }

    @Test
    void arithmeticAndListSamples() {
        Grammar a = Gbnf.parse(sample("arithmetic.gbnf"));
        assertTrue(Texts.matches(a, "1+2=3\n(x*y) = z1\n"));
        assertFalse(Texts.matches(a, "1+=3\n"));
        Grammar l = Gbnf.parse(sample("list.gbnf"));
        assertTrue(Texts.matches(l, "- one\n- twö\n"));
        assertFalse(Texts.matches(l, "- \n"));
        assertFalse(Texts.matches(l, "* one\n"));
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        GrammarException e = assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= \"a\"\nx ::= [a-"));
        assertEquals("line 2 column 7", e.where());
        assertEquals("line 1 column 10", assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= nope")).where());
        assertThrows(GrammarException.class, () -> Gbnf.parse("a ::= \"x\""), "no root");
        GrammarException left = assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= root \"a\" | \"b\""));
        assertTrue(left.getMessage().contains("left-recursive"), left.getMessage());
        assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= (\"a\"?)*"), "an empty loop");
        assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= <[1000]>"));
        assertThrows(GrammarException.class, () -> Gbnf.parse("root ::= \"\\q\""));
    }

    @Test
    void repetitionsCharClassesAndUnicode() {
        Grammar g = Gbnf.parse("root ::= [a-c]{2,3} \"-\" [^a-z]+ (\"é\" | \"\\u00e8\")? \".\"?");
        assertTrue(Texts.matches(g, "ab-X1è"));
        assertTrue(Texts.matches(g, "abc-ÉÉ."));
        assertFalse(Texts.matches(g, "a-X"));
        assertFalse(Texts.matches(g, "abcd-X"));
        assertFalse(Texts.matches(g, "ab-x"));
    }

    @Test
    void endTokenOnlyWhereComplete() {
        Grammar g = Gbnf.parse("root ::= \"ab\" \"c\"?");
        TokenMatcher m = new TokenMatcher(g, Texts.BYTES);
        long[] first = m.allowed();
        assertTrue(bit(first, 'a'));
        assertFalse(bit(first, 256));
        assertTrue(m.accept(new byte[] {'a', 'b'}));
        long[] after = m.allowed();
        assertTrue(bit(after, 'c'));
        assertTrue(bit(after, 256));
        assertFalse(m.finished());
        assertTrue(m.accept(new byte[] {'c'}));
        assertTrue(m.finished());
        assertFalse(m.accept(new byte[] {'c'}));
    }

    static boolean bit(long[] mask, int t) {
        return (mask[t >>> 6] & (1L << t)) != 0;
    }
}
