/**
 * Domain records of mlx-gguf-server. Records validate their components in compact constructors;
 * collections are copied and unmodifiable. JSON-like values (tool definitions, message extras,
 * template kwargs) are plain JDK trees: {@code Map<String, Object>}, {@code List<Object>},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}.
 */
package dev.mlxgguf.api;
