/**
 * Grammars for constrained decoding. Sources ({@link dev.mlxgguf.grammar.Gbnf}, {@link dev.mlxgguf.grammar.JsonSchemaGrammar})
 * build {@link dev.mlxgguf.grammar.Expr} rules; {@link dev.mlxgguf.grammar.Grammar} lowers them to byte ranges
 * and rule references; {@link dev.mlxgguf.grammar.TokenMatcher} runs them as a pushdown automaton over the bytes
 * of tokens.
 */
package dev.mlxgguf.grammar;
