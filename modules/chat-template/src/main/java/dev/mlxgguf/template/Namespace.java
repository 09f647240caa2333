package dev.mlxgguf.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * jinja2's {@code namespace()}: the only mutable object a template can make, used to carry values out of
 * loops with {@code {% set ns.attr = value %}}. Confined to one render.
 */
final class Namespace {
    private final Map<Object, Object> attributes = new LinkedHashMap<>();

    /** {@return the live attribute map (insertion ordered)} */
    Map<Object, Object> attributes() {
        return attributes;
    }
}
