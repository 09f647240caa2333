/** The soak run ({@code jlink/soak.sh}): clients, a host killer and a sampler against the runtime image. */
package dev.mlxgguf.testkit.soak;
