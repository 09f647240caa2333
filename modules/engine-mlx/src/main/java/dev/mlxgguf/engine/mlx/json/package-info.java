/** A strict, dependency-free JSON reader for model metadata files, with typed accessors. */
package dev.mlxgguf.engine.mlx.json;
