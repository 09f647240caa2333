/** Seeded generators of JSON Schemas inside the subset the server enforces, for property tests of structured outputs. */
package dev.mlxgguf.testkit.schema;
