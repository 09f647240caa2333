/**
 * Seeded fuzzing for the test suite: {@link dev.mlxgguf.testkit.fuzz.Mutator} derives inputs from seed inputs,
 * {@link dev.mlxgguf.testkit.fuzz.Fuzzer} feeds them to a target and reports every input that failed in a way
 * the target does not allow (an unexpected exception or error, or a run past the time limit). A new target is a
 * few lines: seeds, the call, and the exceptions that mean "refused".
 */
package dev.mlxgguf.testkit.fuzz;
