package dev.mlxgguf.template;

import java.util.List;

/** A cursor over the token list with jinja2's error messages. */
final class TokenStream {
    private final List<Token> tokens;
    private int index;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** {@return the current token} */
    Token current() {
        return tokens.get(index);
    }

    /** {@return the token after the current one (EOF at the end)} */
    Token look() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    /** {@return the current token, advancing past it} */
    Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF) {
            index++;
        }
        return t;
    }

    /** {@return whether the current token was the operator, skipping it if so} */
    boolean skipOp(String op) {
        if (current().isOp(op)) {
            index++;
            return true;
        }
        return false;
    }

    /** {@return whether the current token was the name, skipping it if so} */
    boolean skipName(String name) {
        if (current().isName(name)) {
            index++;
            return true;
        }
        return false;
    }

    /** {@return the current token, which must be the operator} */
    Token expectOp(String op) {
        if (!current().isOp(op)) {
            throw unexpected(op);
        }
        return next();
    }

    /** {@return the current token, which must be the given name} */
    Token expectName(String name) {
        if (!current().isName(name)) {
            throw unexpected(name);
        }
        return next();
    }

    /** {@return the current token, which must be of the kind} */
    Token expect(Token.Kind kind) {
        if (current().kind() != kind) {
            throw unexpected(new Token(kind, kind.name().toLowerCase(java.util.Locale.ROOT), null, 0).describe());
        }
        return next();
    }

    private PyException unexpected(String expected) {
        Token t = current();
        if (t.kind() == Token.Kind.EOF) {
            return PyException.syntax("unexpected end of template, expected " + PyRepr.strRepr(expected) + ".", t.line());
        }
        return PyException.syntax("expected token " + PyRepr.strRepr(expected) + ", got "
                + PyRepr.strRepr(t.describe()), t.line());
    }
}
