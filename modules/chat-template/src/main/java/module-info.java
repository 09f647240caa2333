/**
 * Chat templates: a Jinja2 interpreter that renders Hugging Face chat templates byte-for-byte as Python
 * jinja2 does, the built-in named templates, and {@link dev.mlxgguf.template.ChatTemplates}, the one place
 * that chooses a model's template. Pure Java plus JSON-P.
 */
module dev.mlxgguf.template {
    requires transitive dev.mlxgguf.api;
    requires dev.mlxgguf.json;

    exports dev.mlxgguf.template;
}
