/**
 * Models and slots: the catalog of the models folder (the only place a model name becomes a path),
 * the slot registry (which model runs in which host process), per-slot request queues, and the
 * compute-thread budget shared by all hosts.
 */
package dev.mlxgguf.server.models;
