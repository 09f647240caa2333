package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The expression half of the parser, a transcription of jinja2's {@code Parser.parse_expression} family
 * with the same precedence: inline if, {@code or}, {@code and}, {@code not}, comparisons and {@code in},
 * {@code + -}, {@code ~}, {@code * / // %}, {@code **} (left-associative, as in jinja2), unary minus, then
 * postfix access, calls, filters and tests. So {@code not x is defined} is {@code not (x is defined)}
 * and {@code -x|abs} is {@code (-x)|abs}.
 */
final class ExprParser extends PrimaryParser {

    ExprParser(TokenStream stream) {
        super(stream);
    }

    @Override
    Expr parseExpression(boolean withCondExpr) {
        enter();
        try {
            return withCondExpr ? parseCondExpr() : parseOr();
        } finally {
            leave();
        }
    }

    private Expr parseCondExpr() {
        int mark = unknownMark();
        Expr expr = parseOr();
        while (s.current().isName("if")) {
            int line = s.next().line();
            Expr test = parseOr();
            Expr otherwise = s.skipName("else") ? parseCondExpr() : null;
            expr = new Expr.Cond(test, expr, otherwise, line);
            softenSince(mark);
        }
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (s.current().isName("or")) {
            int line = s.next().line();
            left = new Expr.Binary(Expr.BinaryOp.OR, left, parseAnd(), line);
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (s.current().isName("and")) {
            int line = s.next().line();
            left = new Expr.Binary(Expr.BinaryOp.AND, left, parseNot(), line);
        }
        return left;
    }

    private Expr parseNot() {
        if (s.current().isName("not")) {
            int line = s.next().line();
            enter();
            try {
                return new Expr.Unary(Expr.UnaryOp.NOT, parseNot(), line);
            } finally {
                leave();
            }
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int line = s.current().line();
        Expr first = parseMath1();
        List<Expr.CompareOp> ops = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = s.current();
            Expr.CompareOp op = t.kind() != Token.Kind.OPERATOR ? null : switch (t.text()) {
                case "==" -> Expr.CompareOp.EQ;
                case "!=" -> Expr.CompareOp.NE;
                case "<" -> Expr.CompareOp.LT;
                case "<=" -> Expr.CompareOp.LE;
                case ">" -> Expr.CompareOp.GT;
                case ">=" -> Expr.CompareOp.GE;
                default -> null;
            };
            if (op != null) {
                s.next();
            } else if (s.skipName("in")) {
                op = Expr.CompareOp.IN;
            } else if (t.isName("not") && s.look().isName("in")) {
                s.next();
                s.next();
                op = Expr.CompareOp.NOT_IN;
            } else {
                break;
            }
            ops.add(op);
            operands.add(parseMath1());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, List.copyOf(ops), List.copyOf(operands), line);
    }

    private Expr parseMath1() {
        Expr left = parseConcat();
        while (s.current().isOp("+") || s.current().isOp("-")) {
            Token t = s.next();
            Expr right = parseConcat();
            left = new Expr.Binary(t.isOp("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB, left, right, t.line());
        }
        return left;
    }

    private Expr parseConcat() {
        Expr left = parseMath2();
        while (s.current().isOp("~")) {
            int line = s.next().line();
            left = new Expr.Binary(Expr.BinaryOp.CONCAT, left, parseMath2(), line);
        }
        return left;
    }

    private Expr parseMath2() {
        Expr left = parsePow();
        while (true) {
            Token t = s.current();
            Expr.BinaryOp op = t.kind() != Token.Kind.OPERATOR ? null : switch (t.text()) {
                case "*" -> Expr.BinaryOp.MUL;
                case "/" -> Expr.BinaryOp.DIV;
                case "//" -> Expr.BinaryOp.FLOORDIV;
                case "%" -> Expr.BinaryOp.MOD;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            s.next();
            left = new Expr.Binary(op, left, parsePow(), t.line());
        }
    }

    private Expr parsePow() {
        Expr left = parseUnary(true);
        while (s.current().isOp("**")) {
            int line = s.next().line();
            Expr right = parseUnary(true);
            if (left instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEG && u.operand() instanceof Expr.Const c
                    && PyObjects.isNumber(c.value()) && !isConstant(right)) {
                // jinja2 folds "-2" into a constant and writes it into generated Python as "(-2 ** x)",
                // which Python reads as -(2 ** x). Reproduce that quirk.
                left = new Expr.Unary(Expr.UnaryOp.NEG, new Expr.Binary(Expr.BinaryOp.POW, c, right, line), u.line());
            } else {
                left = new Expr.Binary(Expr.BinaryOp.POW, left, right, line);
            }
        }
        return left;
    }

    /** {@return whether jinja2's optimizer would fold the expression to a constant at compile time} */
    private static boolean isConstant(Expr e) {
        return switch (e) {
            case Expr.Const ignored -> true;
            case Expr.Unary u -> isConstant(u.operand());
            case Expr.Binary b -> isConstant(b.left()) && isConstant(b.right());
            case Expr.Compare c -> isConstant(c.first()) && c.operands().stream().allMatch(ExprParser::isConstant);
            case Expr.ListLit l -> l.items().stream().allMatch(ExprParser::isConstant);
            case Expr.TupleLit t -> t.items().stream().allMatch(ExprParser::isConstant);
            case Expr.DictLit d -> d.keys().stream().allMatch(ExprParser::isConstant)
                    && d.values().stream().allMatch(ExprParser::isConstant);
            case Expr.Cond c -> isConstant(c.test()) && isConstant(c.then())
                    && (c.otherwise() == null || isConstant(c.otherwise()));
            case Expr.Attr a -> isConstant(a.target());
            case Expr.Item i -> isConstant(i.target()) && isConstant(i.key());
            case Expr.Slice s -> (s.start() == null || isConstant(s.start())) && (s.stop() == null || isConstant(s.stop()))
                    && (s.step() == null || isConstant(s.step()));
            case Expr.Filter f -> f.target() != null && isConstant(f.target()) && constantArgs(f.args())
                    && !List.of("map", "select", "reject", "selectattr", "rejectattr").contains(f.name());
            case Expr.Test t -> isConstant(t.target()) && constantArgs(t.args());
            case Expr.Name ignored -> false;
            case Expr.Call ignored -> false;
        };
    }

    private static boolean constantArgs(Expr.CallArgs a) {
        return a.varargs() == null && a.kwargs() == null && a.positional().stream().allMatch(ExprParser::isConstant)
                && a.keywords().stream().allMatch(ExprParser::isConstant);
    }

    private Expr parseUnary(boolean withFilter) {
        Token t = s.current();
        Expr node;
        if (t.isOp("-") || t.isOp("+")) {
            s.next();
            enter();
            try {
                node = new Expr.Unary(t.isOp("-") ? Expr.UnaryOp.NEG : Expr.UnaryOp.POS, parseUnary(false), t.line());
            } finally {
                leave();
            }
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilter ? parseFilterExpr(node) : node;
    }

    /**
     * jinja2's {@code parse_tuple}: one expression, or a tuple when commas separate several.
     *
     * @param withCondExpr allow inline if
     * @param extraEnd     names that end the tuple (e.g. {@code in})
     * @param explicit     inside parentheses, where {@code ()} is the empty tuple
     * @return the expression
     */
    @Override
    Expr parseTuple(boolean withCondExpr, List<String> extraEnd, boolean explicit) {
        int line = s.current().line();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                s.expectOp(",");
            }
            if (isTupleEnd(extraEnd)) {
                break;
            }
            items.add(parseExpression(withCondExpr));
            if (s.current().isOp(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.getFirst();
            }
            if (!explicit) {
                throw PyException.syntax("Expected an expression, got " + PyRepr.strRepr(s.current().describe()),
                        s.current().line());
            }
        }
        return new Expr.TupleLit(List.copyOf(items), line);
    }

    /** {@return whether the current token ends a tuple} */
    boolean isTupleEnd(List<String> extraEnd) {
        Token t = s.current();
        if (t.kind() == Token.Kind.VARIABLE_END || t.kind() == Token.Kind.BLOCK_END || t.isOp(")")) {
            return true;
        }
        return t.kind() == Token.Kind.NAME && extraEnd.contains(t.text());
    }
}
