/** JSON-P behind one cached provider, and JSON-P ↔ JDK tree conversion. */
package dev.mlxgguf.json;
