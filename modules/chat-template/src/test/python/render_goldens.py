#!/usr/bin/env python3
"""Renders the chat-template golden corpus with Python jinja2 exactly as Hugging Face transformers does.

transformers (src/transformers/utils/chat_template_utils.py) compiles chat templates in a
jinja2 ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True) with the loopcontrols
extension and its AssistantTracker ({% generation %}) extension, replaces the tojson filter with
json.dumps(ensure_ascii=False, ...), and adds the raise_exception and strftime_now globals. This script
rebuilds that environment (freezing strftime_now's clock at FIXED_NOW so the output is stable) and writes:

  chat-templates/expected/<template>.json      one entry per conversation case
  template-snippets/expected.json              one entry per snippet

Each entry is {"output": text} or {"error": {"type": python exception class, "message": str(e)}}.
The Java tests (ChatTemplateGoldenTest, TemplateSnippetTest) compare against these byte for byte.

Usage: python3 render_goldens.py      (from anywhere; paths are relative to this file; needs Jinja2 3.1)
"""
import json
import sys
from datetime import datetime
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = Path(__file__).resolve().parent
TEST_RESOURCES = HERE.parent / "resources"
TEMPLATES = TEST_RESOURCES / "chat-templates"
# the template sources live in testkit, so that other modules' tests use the same ones
SOURCES = TEST_RESOURCES.parents[3] / "testkit" / "src" / "main" / "resources" / "dev" / "mlxgguf" / "testkit" / "templates"
SNIPPETS = TEST_RESOURCES / "template-snippets"
BUILTINS = HERE.parent.parent / "main" / "resources" / "dev" / "mlxgguf" / "engine" / "spi" / "template"

# The Java tests use Clock.fixed(Instant.parse("2024-09-05T14:07:09Z"), ZoneOffset.UTC).
FIXED_NOW = datetime(2024, 9, 5, 14, 7, 9)


class AssistantTracker(Extension):
    """transformers' {% generation %} tag: renders its body (the assistant mask is not needed here)."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render_assistant", []), [], [], body).set_lineno(lineno)

    @jinja2.pass_eval_context
    def _render_assistant(self, context, caller):
        return caller()


def make_environment():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return FIXED_NOW.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[AssistantTracker, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def outcome(env, source, variables):
    try:
        return {"output": env.from_string(source).render(**variables)}
    except Exception as e:  # noqa: BLE001 - every failure is part of the expected result
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def parse_arguments(value):
    """Mirrors ChatTemplateRenderer: JSON-object argument strings become dicts."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, dict) else value
    return value


def message_dict(message):
    out = {"role": message["role"], "content": message.get("content")}
    for key, value in message.items():
        if key in out:
            continue
        if key == "tool_calls" and isinstance(value, list):
            calls = []
            for call in value:
                if isinstance(call, dict):
                    call = dict(call)
                    if "arguments" in call:
                        call["arguments"] = parse_arguments(call["arguments"])
                    if isinstance(call.get("function"), dict):
                        call["function"] = dict(call["function"])
                        if "arguments" in call["function"]:
                            call["function"]["arguments"] = parse_arguments(call["function"]["arguments"])
                calls.append(call)
            value = calls
        out[key] = value
    return out


def chat_variables(case, tokens):
    """The variables transformers' apply_chat_template passes, built like ChatTemplateRenderer.variables."""
    variables = {}
    for key in ("bos_token", "eos_token"):
        if tokens.get(key) is not None:
            variables[key] = tokens[key]
    variables["documents"] = None
    variables.update(case.get("kwargs", {}))
    variables["messages"] = [message_dict(m) for m in case["messages"]]
    variables["tools"] = case.get("tools") or None
    variables["add_generation_prompt"] = case.get("add_generation_prompt", True)
    return variables


def read_snippets(path):
    """Snippets are '### <id>' header lines each followed by a template; one final newline is dropped."""
    snippets, current, lines = [], None, []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("### "):
            if current is not None:
                snippets.append((current, "\n".join(lines)))
            current, lines = line[4:].strip(), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        snippets.append((current, "\n".join(lines)))
    return [(sid, body[:-1] if body.endswith("\n") else body) for sid, body in snippets]


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main():
    if not jinja2.__version__.startswith("3.1"):
        sys.exit(f"needs Jinja2 3.1, found {jinja2.__version__}")
    env = make_environment()
    manifest = json.loads((TEMPLATES / "templates.json").read_text(encoding="utf-8"))
    cases = json.loads((TEMPLATES / "conversations.json").read_text(encoding="utf-8"))
    sources = {path.stem: path for path in sorted(SOURCES.glob("*.jinja"))}
    sources.update({"builtin-" + path.stem: path for path in sorted(BUILTINS.glob("*.jinja"))})
    for name, path in sorted(sources.items()):
        tokens = manifest.get(name, manifest["default"])
        source = path.read_text(encoding="utf-8")
        results = {case["name"]: outcome(env, source, chat_variables(case, tokens)) for case in cases}
        write_json(TEMPLATES / "expected" / f"{name}.json", results)
        errors = sum(1 for r in results.values() if "error" in r)
        print(f"{name}: {len(results)} cases, {errors} raising")
    variables = json.loads((SNIPPETS / "variables.json").read_text(encoding="utf-8"))
    snippet_results = {sid: outcome(env, body, variables) for sid, body in read_snippets(SNIPPETS / "snippets.txt")}
    write_json(SNIPPETS / "expected.json", snippet_results)
    print(f"snippets: {len(snippet_results)}")


if __name__ == "__main__":
    main()
