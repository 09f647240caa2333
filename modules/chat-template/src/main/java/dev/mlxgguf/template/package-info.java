/**
 * A Jinja2 interpreter (no dependency beyond JSON-P) for Hugging Face chat templates that renders byte-for-byte like
 * Python jinja2 3.1 configured as {@code transformers} configures it ({@code ImmutableSandboxedEnvironment},
 * {@code trim_blocks}, {@code lstrip_blocks}, {@code loopcontrols}, the {@code generation} tag,
 * {@code json.dumps}-based {@code tojson}, {@code raise_exception}, {@code strftime_now}).
 *
 * <p>Public API: {@link dev.mlxgguf.template.ChatTemplate} (compile once, render many times),
 * {@link dev.mlxgguf.template.ChatTemplateRenderer} (renders a
 * {@link dev.mlxgguf.api.Prompt.Chat} as {@code apply_chat_template} does),
 * {@link dev.mlxgguf.template.BuiltinTemplates} (named fallback templates),
 * {@link dev.mlxgguf.template.ChatTemplates} (the one place that chooses a model's template),
 * {@link dev.mlxgguf.template.RenderOptions} (clock and limits) and the sealed
 * {@link dev.mlxgguf.template.TemplateException} family.
 *
 * <p>Inside: {@code Lexer} → {@code Parser}/{@code ExprParser}/{@code PrimaryParser} (an immutable AST of
 * sealed {@code Stmt} and {@code Expr} records) → {@code Interpreter}/{@code Evaluator} over values with
 * Python semantics ({@code PyObjects}, {@code PyRepr}, {@code PyArith}, {@code PyAccess}, {@code PyJson},
 * {@code PyFormat}), with the filters ({@code Filters}, {@code SeqFilters}, {@code OrderFilters}), tests,
 * methods ({@code StrMethods}, {@code ContainerMethods}) and globals in their own classes.
 *
 * <p>Conformance is checked against Python jinja2 by golden tests (real-family templates × conversations,
 * and single-feature snippets) and was fuzzed differentially. Known differences, none of which chat
 * templates rely on:
 * <ul>
 *   <li>integers are 64-bit: a result beyond that raises {@code OverflowError} instead of growing;</li>
 *   <li>{@code range()} returns a list (prints as {@code [0, 1]}, not {@code range(0, 2)}); generators and
 *       bound methods print without a memory address;</li>
 *   <li>{@code Markup} ({@code |safe}, {@code |e}) is a plain string, so its escaping on concatenation and
 *       its type name in error messages differ (HF renders with autoescape off);</li>
 *   <li>jinja2 constant-folds slices of literals through its forgiving {@code getitem}
 *       ({@code 1.5[1:]} is undefined there, a {@code TypeError} here);</li>
 *   <li>not implemented: {@code extends}/{@code include}/{@code import}/{@code block} (HF has no loader),
 *       {@code do} (not enabled by HF), the filters {@code groupby}, {@code slice}, {@code truncate},
 *       {@code wordwrap}, {@code urlize}, {@code urlencode}, {@code xmlattr}, {@code pprint}, {@code random},
 *       {@code filesizeformat}, {@code striptags}, {@code forceescape}, and the globals {@code cycler} and
 *       {@code lipsum}. Using one is a compile error (or, inside an {@code if}, a runtime error), exactly as
 *       an unknown name is in jinja2.</li>
 * </ul>
 */
package dev.mlxgguf.template;
