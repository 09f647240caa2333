package dev.mlxgguf.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lower half of the expression parser, after jinja2's {@code parse_primary}, {@code parse_postfix}
 * and {@code parse_filter_expr}: literals, names, parentheses, list and dict displays, attribute and item
 * access with slices, calls, filters and tests. It also keeps the state the statement parser shares:
 * nesting depth, the "soft" (inside {@code if}) flag, unknown filters and tests, and referenced names.
 */
abstract sealed class PrimaryParser permits ExprParser {
    /** Maximum nesting of brackets, unary operators and blocks, so parsing cannot overflow the stack. */
    static final int MAX_NESTING = 100;

    /** An unknown filter or test; an error at compile time unless only reachable inside an {@code if}. */
    private record Unknown(String what, String name, int line, boolean soft) {
    }

    final TokenStream s;
    /** Whether the code being parsed is directly inside an {@code if} (jinja2's "soft frame"). */
    boolean soft;
    private final List<Unknown> unknowns = new ArrayList<>();
    private final Deque<Set<String>> nameSets = new ArrayDeque<>();
    private int depth;

    PrimaryParser(TokenStream stream) {
        this.s = stream;
    }

    /** Enters one nesting level. */
    void enter() {
        if (++depth > MAX_NESTING) {
            throw PyException.syntax("template nested more than " + MAX_NESTING + " levels deep", s.current().line());
        }
    }

    /** Leaves a nesting level. */
    void leave() {
        depth--;
    }

    /** Starts recording the variable names referenced (for a macro body). */
    void pushNames() {
        nameSets.push(new HashSet<>());
    }

    /** {@return the names referenced since the matching {@link #pushNames()}} */
    Set<String> popNames() {
        return nameSets.pop();
    }

    /** {@return a mark for {@link #softenSince(int)}} */
    int unknownMark() {
        return unknowns.size();
    }

    /**
     * Marks the unknown filters and tests recorded since {@code mark} as soft: they are inside an inline
     * if, which jinja2 compiles in a soft frame (an error only when evaluated).
     *
     * @param mark a value from {@link #unknownMark()}
     */
    void softenSince(int mark) {
        for (int i = mark; i < unknowns.size(); i++) {
            Unknown u = unknowns.get(i);
            unknowns.set(i, new Unknown(u.what(), u.name(), u.line(), true));
        }
    }

    /** Throws the first unknown filter or test that is not inside an {@code if}. */
    void checkUnknowns() {
        for (Unknown u : unknowns) {
            if (!u.soft()) {
                throw PyException.syntax("No " + u.what() + " named " + PyRepr.strRepr(u.name()) + ".", u.line());
            }
        }
    }

    /** {@return a full expression, inline if included} */
    final Expr parseExpression() {
        return parseExpression(true);
    }

    /**
     * Parses an expression.
     *
     * @param withCondExpr allow an inline if
     * @return the expression
     */
    abstract Expr parseExpression(boolean withCondExpr);

    /**
     * jinja2's {@code parse_tuple}.
     *
     * @param withCondExpr allow inline if
     * @param extraEnd     names that end the tuple
     * @param explicit     inside parentheses
     * @return the expression
     */
    abstract Expr parseTuple(boolean withCondExpr, List<String> extraEnd, boolean explicit);

    Expr parsePrimary() {
        Token t = s.current();
        switch (t.kind()) {
            case NAME -> {
                s.next();
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Const(Boolean.TRUE, t.line());
                    case "false", "False" -> new Expr.Const(Boolean.FALSE, t.line());
                    case "none", "None" -> new Expr.Const(null, t.line());
                    default -> {
                        for (Set<String> names : nameSets) {
                            names.add(t.text());
                        }
                        yield new Expr.Name(t.text(), t.line());
                    }
                };
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder();
                while (s.current().kind() == Token.Kind.STRING) {
                    sb.append((String) s.next().value());
                }
                return new Expr.Const(sb.toString(), t.line());
            }
            case INTEGER, FLOAT -> {
                s.next();
                return new Expr.Const(t.value(), t.line());
            }
            case OPERATOR -> {
                enter();
                try {
                    switch (t.text()) {
                        case "(" -> {
                            s.next();
                            Expr e = parseTuple(true, List.of(), true);
                            s.expectOp(")");
                            return e;
                        }
                        case "[" -> {
                            return new Expr.ListLit(parseItems("[", "]"), t.line());
                        }
                        case "{" -> {
                            return parseDict();
                        }
                        default -> {
                        }
                    }
                } finally {
                    leave();
                }
            }
            default -> {
            }
        }
        throw PyException.syntax("unexpected " + PyRepr.strRepr(t.describe()), t.line());
    }

    private List<Expr> parseItems(String open, String close) {
        s.expectOp(open);
        List<Expr> items = new ArrayList<>();
        while (!s.current().isOp(close)) {
            if (!items.isEmpty()) {
                s.expectOp(",");
            }
            if (s.current().isOp(close)) {
                break;
            }
            items.add(parseExpression());
        }
        s.expectOp(close);
        return List.copyOf(items);
    }

    private Expr parseDict() {
        int line = s.expectOp("{").line();
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!s.current().isOp("}")) {
            if (!keys.isEmpty()) {
                s.expectOp(",");
            }
            if (s.current().isOp("}")) {
                break;
            }
            keys.add(parseExpression());
            s.expectOp(":");
            values.add(parseExpression());
        }
        s.expectOp("}");
        return new Expr.DictLit(List.copyOf(keys), List.copyOf(values), line);
    }

    Expr parsePostfix(Expr node) {
        Expr n = node;
        while (true) {
            Token t = s.current();
            if (t.isOp(".") || t.isOp("[")) {
                n = parseSubscript(n);
            } else if (t.isOp("(")) {
                n = new Expr.Call(n, parseCallArgs(), t.line());
            } else {
                return n;
            }
        }
    }

    Expr parseFilterExpr(Expr node) {
        Expr n = node;
        while (true) {
            Token t = s.current();
            if (t.isOp("|")) {
                n = parseFilter(n, false);
            } else if (t.isName("is")) {
                n = parseTest(n);
            } else if (t.isOp("(")) {
                n = new Expr.Call(n, parseCallArgs(), t.line());
            } else {
                return n;
            }
        }
    }

    private Expr parseSubscript(Expr node) {
        Token t = s.next();
        if (t.isOp(".")) {
            Token attr = s.next();
            if (attr.kind() == Token.Kind.NAME) {
                return new Expr.Attr(node, attr.text(), t.line());
            }
            if (attr.kind() == Token.Kind.INTEGER) {
                return new Expr.Item(node, new Expr.Const(attr.value(), attr.line()), t.line());
            }
            throw PyException.syntax("expected name or number", attr.line());
        }
        List<Expr> args = new ArrayList<>();
        while (!s.current().isOp("]")) {
            if (!args.isEmpty()) {
                s.expectOp(",");
            }
            args.add(parseSubscribed());
        }
        s.expectOp("]");
        Expr key = args.size() == 1 ? args.getFirst() : new Expr.TupleLit(List.copyOf(args), t.line());
        return new Expr.Item(node, key, t.line());
    }

    private Expr parseSubscribed() {
        int line = s.current().line();
        Expr start = null;
        if (!s.current().isOp(":")) {
            start = parseExpression();
            if (!s.current().isOp(":")) {
                return start;
            }
        }
        s.next();
        Expr stop = null;
        if (!s.current().isOp(":") && !s.current().isOp("]") && !s.current().isOp(",")) {
            stop = parseExpression();
        }
        Expr step = null;
        if (s.skipOp(":") && !s.current().isOp("]") && !s.current().isOp(",")) {
            step = parseExpression();
        }
        return new Expr.Slice(start, stop, step, line);
    }

    /** {@return the arguments of a call, from the opening parenthesis to the closing one} */
    Expr.CallArgs parseCallArgs() {
        Token open = s.expectOp("(");
        List<Expr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Expr> keywords = new ArrayList<>();
        Expr varargs = null;
        Expr kwargs = null;
        boolean requireComma = false;
        while (!s.current().isOp(")")) {
            if (requireComma) {
                s.expectOp(",");
                if (s.current().isOp(")")) {
                    break;
                }
            }
            if (s.current().isOp("*")) {
                ensure(varargs == null && kwargs == null, open);
                s.next();
                varargs = parseExpression();
            } else if (s.current().isOp("**")) {
                ensure(kwargs == null, open);
                s.next();
                kwargs = parseExpression();
            } else if (s.current().kind() == Token.Kind.NAME && s.look().isOp("=")) {
                ensure(kwargs == null, open);
                names.add(s.next().text());
                s.next();
                keywords.add(parseExpression());
            } else {
                ensure(varargs == null && kwargs == null && keywords.isEmpty(), open);
                positional.add(parseExpression());
            }
            requireComma = true;
        }
        s.expectOp(")");
        return new Expr.CallArgs(List.copyOf(positional), List.copyOf(names), List.copyOf(keywords), varargs, kwargs);
    }

    private static void ensure(boolean ok, Token open) {
        if (!ok) {
            throw PyException.syntax("invalid syntax for function call expression", open.line());
        }
    }

    /**
     * Parses {@code |name(args)} filters.
     *
     * @param node        the filtered expression, or {@code null} for filter blocks
     * @param startInline whether the first filter has no leading {@code |}
     * @return the outermost filter expression
     */
    Expr parseFilter(Expr node, boolean startInline) {
        Expr n = node;
        boolean inline = startInline;
        while (s.current().isOp("|") || inline) {
            if (!inline) {
                s.next();
            }
            Token t = s.expect(Token.Kind.NAME);
            String name = dottedName(t.text());
            Expr.CallArgs args = s.current().isOp("(") ? parseCallArgs() : Expr.CallArgs.NONE;
            Filters.Filter impl = Filters.lookup(name);
            if (impl == null) {
                unknowns.add(new Unknown("filter", name, t.line(), soft));
            }
            n = new Expr.Filter(n, name, impl, args, t.line());
            inline = false;
        }
        return n;
    }

    private Expr parseTest(Expr node) {
        Token is = s.next();
        boolean negated = s.skipName("not");
        Token t = s.expect(Token.Kind.NAME);
        String name = dottedName(t.text());
        Expr.CallArgs args = Expr.CallArgs.NONE;
        Token c = s.current();
        if (c.isOp("(")) {
            args = parseCallArgs();
        } else if ((c.kind() == Token.Kind.NAME || c.kind() == Token.Kind.STRING || c.kind() == Token.Kind.INTEGER
                || c.kind() == Token.Kind.FLOAT || c.isOp("(") || c.isOp("[") || c.isOp("{"))
                && !c.isName("else") && !c.isName("or") && !c.isName("and")) {
            if (c.isName("is")) {
                throw PyException.syntax("You cannot chain multiple tests with is", c.line());
            }
            Expr arg = parsePostfix(parsePrimary());
            args = new Expr.CallArgs(List.of(arg), List.of(), List.of(), null, null);
        }
        Tests.Test impl = Tests.lookup(name);
        if (impl == null) {
            unknowns.add(new Unknown("test", name, t.line(), soft));
        }
        Expr test = new Expr.Test(node, name, impl, args, is.line());
        return negated ? new Expr.Unary(Expr.UnaryOp.NOT, test, is.line()) : test;
    }

    private String dottedName(String first) {
        StringBuilder name = new StringBuilder(first);
        while (s.skipOp(".")) {
            name.append('.').append(s.expect(Token.Kind.NAME).text());
        }
        return name.toString();
    }
}
