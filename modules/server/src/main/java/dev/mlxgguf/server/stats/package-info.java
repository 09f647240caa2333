/** Process and system statistics (RSS, CPU) of host processes, read from /proc without JNA. */
package dev.mlxgguf.server.stats;
