package dev.mlxgguf.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The statement half of the parser, after jinja2's {@code Parser}: {@code if}, {@code for}, {@code set},
 * {@code macro}, {@code call}, {@code filter}, {@code with}, {@code print}, the {@code loopcontrols}
 * extension ({@code break}, {@code continue}) and Hugging Face's {@code generation} tag.
 */
final class Parser {
    private final TokenStream s;
    private final ExprParser ex;
    private final Deque<List<String>> endTokenStack = new ArrayDeque<>();
    private final Deque<String> tagStack = new ArrayDeque<>();
    private int loopDepth;

    private Parser(List<Token> tokens) {
        this.s = new TokenStream(tokens);
        this.ex = new ExprParser(s);
    }

    /**
     * Parses a whole template.
     *
     * @param source the source
     * @return the top-level statements
     * @throws PyException a syntax error
     */
    static List<Stmt> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Stmt> body = p.subparse(null);
        p.ex.checkUnknowns();
        return body;
    }

    private List<Stmt> subparse(List<String> endTokens) {
        List<Stmt> body = new ArrayList<>();
        if (endTokens != null) {
            endTokenStack.push(endTokens);
        }
        try {
            while (s.current().kind() != Token.Kind.EOF) {
                Token t = s.current();
                switch (t.kind()) {
                    case DATA -> body.add(new Stmt.Text((String) s.next().value()));
                    case VARIABLE_BEGIN -> {
                        s.next();
                        body.add(new Stmt.Print(ex.parseTuple(true, List.of(), false), t.line()));
                        s.expect(Token.Kind.VARIABLE_END);
                    }
                    case BLOCK_BEGIN -> {
                        s.next();
                        if (endTokens != null && s.current().kind() == Token.Kind.NAME
                                && endTokens.contains(s.current().text())) {
                            return List.copyOf(body);
                        }
                        body.addAll(parseStatement());
                        s.expect(Token.Kind.BLOCK_END);
                    }
                    default -> throw PyException.syntax("unexpected " + PyRepr.strRepr(t.describe()), t.line());
                }
            }
            return List.copyOf(body);
        } finally {
            if (endTokens != null) {
                endTokenStack.pop();
            }
        }
    }

    private List<Stmt> parseStatement() {
        Token t = s.current();
        if (t.kind() != Token.Kind.NAME) {
            throw PyException.syntax("tag name expected", t.line());
        }
        tagStack.push(t.text());
        boolean popTag = true;
        ex.enter();
        try {
            return switch (t.text()) {
                case "if" -> List.of(parseIf());
                case "for" -> List.of(parseFor());
                case "set" -> List.of(parseSet());
                case "macro" -> List.of(parseMacro());
                case "call" -> List.of(parseCallBlock());
                case "filter" -> List.of(parseFilterBlock());
                case "with" -> List.of(parseWith());
                case "print" -> parsePrint();
                case "generation" -> {
                    int line = s.next().line();
                    yield List.of(new Stmt.Block(parseStatements(List.of("endgeneration"), true, false), line));
                }
                case "break", "continue" -> List.of(parseLoopControl());
                default -> {
                    tagStack.pop();
                    popTag = false;
                    throw unknownTag(t.text(), t.line(), null);
                }
            };
        } finally {
            ex.leave();
            if (popTag) {
                tagStack.pop();
            }
        }
    }

    private Stmt parseLoopControl() {
        Token t = s.next();
        if (loopDepth == 0) {
            throw PyException.syntax("'" + t.text() + "' outside loop", t.line());
        }
        return t.text().equals("break") ? new Stmt.Break(t.line()) : new Stmt.Continue(t.line());
    }

    private List<Stmt> parseStatements(List<String> endTokens, boolean dropNeedle, boolean soft) {
        boolean savedSoft = ex.soft;
        ex.soft = soft;
        try {
            s.skipOp(":");
            s.expect(Token.Kind.BLOCK_END);
            List<Stmt> body = subparse(endTokens);
            if (s.current().kind() == Token.Kind.EOF) {
                throw unknownTag(null, s.current().line(), endTokens);
            }
            if (dropNeedle) {
                s.next();
            }
            return body;
        } finally {
            ex.soft = savedSoft;
        }
    }

    private Stmt parseIf() {
        int line = s.next().line();
        boolean savedSoft = ex.soft;
        ex.soft = true;
        try {
            List<Expr> tests = new ArrayList<>();
            List<List<Stmt>> bodies = new ArrayList<>();
            List<Stmt> otherwise = List.of();
            while (true) {
                tests.add(ex.parseTuple(false, List.of(), false));
                bodies.add(parseStatements(List.of("elif", "else", "endif"), false, true));
                Token t = s.next();
                if (t.isName("elif")) {
                    continue;
                }
                if (t.isName("else")) {
                    otherwise = parseStatements(List.of("endif"), true, true);
                }
                break;
            }
            return new Stmt.If(List.copyOf(tests), List.copyOf(bodies), otherwise, line);
        } finally {
            ex.soft = savedSoft;
        }
    }

    private Stmt parseFor() {
        int line = s.next().line();
        Stmt.Target target = parseTarget(List.of("in"), false);
        s.expectName("in");
        Expr iterable = ex.parseTuple(false, List.of("recursive"), false);
        Expr filter = s.skipName("if") ? ex.parseExpression() : null;
        boolean recursive = s.skipName("recursive");
        loopDepth++;
        List<Stmt> body;
        try {
            body = parseStatements(List.of("endfor", "else"), false, false);
        } finally {
            loopDepth--;
        }
        List<Stmt> otherwise = s.next().isName("endfor") ? List.of() : parseStatements(List.of("endfor"), true, false);
        return new Stmt.For(target, iterable, filter, recursive, body, otherwise, line);
    }

    private Stmt parseSet() {
        int line = s.next().line();
        Stmt.Target target = parseTarget(List.of(), true);
        if (s.skipOp("=")) {
            return new Stmt.Set(target, ex.parseTuple(true, List.of(), false), line);
        }
        List<Expr.Filter> filters = filterChain(ex.parseFilter(null, false));
        return new Stmt.SetBlock(target, filters, parseStatements(List.of("endset"), true, false), line);
    }

    private Stmt parseMacro() {
        int line = s.next().line();
        String name = s.expect(Token.Kind.NAME).text();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        parseSignature(params, defaults);
        return new Stmt.MacroDef(macroBody(name, params, defaults, List.of("endmacro")), line);
    }

    private void parseSignature(List<String> params, List<Expr> defaults) {
        s.expectOp("(");
        while (!s.current().isOp(")")) {
            if (!params.isEmpty()) {
                s.expectOp(",");
            }
            params.add(s.expect(Token.Kind.NAME).text());
            if (s.skipOp("=")) {
                defaults.add(ex.parseExpression());
            } else if (!defaults.isEmpty()) {
                throw PyException.syntax("non-default argument follows default argument", s.current().line());
            }
        }
        s.expectOp(")");
    }

    private Stmt.MacroSpec macroBody(String name, List<String> params, List<Expr> defaults, List<String> end) {
        int savedLoops = loopDepth;
        loopDepth = 0;
        ex.pushNames();
        List<Stmt> body;
        Set<String> used;
        try {
            body = parseStatements(end, true, false);
        } finally {
            used = ex.popNames();
            loopDepth = savedLoops;
        }
        return new Stmt.MacroSpec(name, List.copyOf(params), List.copyOf(defaults), body, used.contains("varargs"),
                used.contains("kwargs"), used.contains("caller"));
    }

    private Stmt parseCallBlock() {
        int line = s.next().line();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (s.current().isOp("(")) {
            parseSignature(params, defaults);
        }
        if (!(ex.parseExpression() instanceof Expr.Call call)) {
            throw PyException.syntax("expected call", line);
        }
        return new Stmt.CallBlock(call, macroBody("caller", params, defaults, List.of("endcall")), line);
    }

    private Stmt parseFilterBlock() {
        int line = s.next().line();
        List<Expr.Filter> filters = filterChain(ex.parseFilter(null, true));
        return new Stmt.FilterBlock(filters, parseStatements(List.of("endfilter"), true, false), line);
    }

    private Stmt parseWith() {
        int line = s.next().line();
        List<Stmt.Target> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (s.current().kind() != Token.Kind.BLOCK_END) {
            if (!targets.isEmpty()) {
                s.expectOp(",");
            }
            targets.add(parseTarget(List.of(), false));
            s.expectOp("=");
            values.add(ex.parseExpression());
        }
        return new Stmt.With(List.copyOf(targets), List.copyOf(values), parseStatements(List.of("endwith"), true, false),
                line);
    }

    private List<Stmt> parsePrint() {
        s.next();
        List<Stmt> out = new ArrayList<>();
        while (s.current().kind() != Token.Kind.BLOCK_END) {
            if (!out.isEmpty()) {
                s.expectOp(",");
            }
            int line = s.current().line();
            out.add(new Stmt.Print(ex.parseExpression(), line));
        }
        return out;
    }

    private static List<Expr.Filter> filterChain(Expr outer) {
        List<Expr.Filter> chain = new ArrayList<>();
        for (Expr e = outer; e instanceof Expr.Filter f; e = f.target()) {
            chain.addFirst(f);
        }
        return List.copyOf(chain);
    }

    /** jinja2's {@code parse_assign_target}: a name, a tuple of names, or (for set) {@code ns.attr}. */
    private Stmt.Target parseTarget(List<String> extraEnd, boolean withNamespace) {
        List<Stmt.Target> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                s.expectOp(",");
            }
            if (ex.isTupleEnd(extraEnd) || s.current().isOp("=")) {
                break;
            }
            items.add(parseTargetPrimary(withNamespace));
            if (s.current().isOp(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (items.isEmpty()) {
                throw PyException.syntax("Expected an expression, got " + PyRepr.strRepr(s.current().describe()),
                        s.current().line());
            }
            return items.getFirst();
        }
        return new Stmt.Target.Tuple(List.copyOf(items));
    }

    private Stmt.Target parseTargetPrimary(boolean withNamespace) {
        Token t = s.current();
        if (t.kind() == Token.Kind.NAME && !Set.of("true", "false", "none", "True", "False", "None").contains(t.text())) {
            s.next();
            if (withNamespace && s.skipOp(".")) {
                return new Stmt.Target.NamespaceAttr(t.text(), s.expect(Token.Kind.NAME).text());
            }
            return new Stmt.Target.Name(t.text());
        }
        if (t.isOp("(")) {
            s.next();
            Stmt.Target inner = parseTarget(List.of(), false);
            s.expectOp(")");
            return inner;
        }
        String what = t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.INTEGER
                || t.kind() == Token.Kind.FLOAT ? "const" : t.describe();
        throw PyException.syntax("can't assign to " + PyRepr.strRepr(what), t.line());
    }

    private PyException unknownTag(String name, int line, List<String> pending) {
        Deque<List<String>> stack = new ArrayDeque<>(endTokenStack);
        if (pending != null) {
            stack.push(pending);
        }
        Set<String> expected = new LinkedHashSet<>();
        stack.forEach(expected::addAll);
        List<String> innermost = stack.peek();
        StringBuilder msg = new StringBuilder(name == null ? "Unexpected end of template."
                : "Encountered unknown tag " + PyRepr.strRepr(name) + ".");
        if (innermost != null) {
            String looking = String.join(" or ", innermost.stream().map(PyRepr::strRepr).toList());
            if (name != null && expected.contains(name)) {
                msg.append(" You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ")
                        .append(looking).append('.');
            } else {
                msg.append(" Jinja was looking for the following tags: ").append(looking).append('.');
            }
        }
        if (!tagStack.isEmpty()) {
            msg.append(" The innermost block that needs to be closed is ").append(PyRepr.strRepr(tagStack.peek()))
                    .append('.');
        }
        return PyException.syntax(msg.toString(), line);
    }
}
